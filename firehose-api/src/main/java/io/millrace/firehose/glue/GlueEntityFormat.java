package io.millrace.firehose.glue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.store.RecordFormat;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Glue entities in the catalog topic: databases under {@code database/<name>}, tables under
 * {@code table/<database>/<name>}, each value the entity as GetDatabase or GetTable shows it (JSON) plus two
 * internal members, a version and the id of the write (gateways of earlier releases tell their own write by it).
 * What hangs off a table lives under keys of its own whose parts are URL-encoded (a partition value may hold any
 * character, a slash included): archived table versions {@code tableversion/<db>/<table>/<version, 20 digits>},
 * partitions {@code partition/<db>/<table>/<value>/<value>...}, column statistics {@code tablestats/<db>/<table>}
 * and {@code partitionstats/<db>/<table>/<value>/...}, and tags {@code tags/<resource ARN>}. Entities have no
 * incarnations: a tombstone removes the entity.
 */
final class GlueEntityFormat implements RecordFormat<ObjectNode> {

    static final String VERSION = "_millraceVersion";
    static final String WRITE_ID = "_millraceWriteId";
    /** The entity's own key, so that a removal by prefix finds the keys of what it lists. */
    static final String KEY = "_millraceKey";

    private static final ObjectMapper JSON = new ObjectMapper();

    static String databaseKey(String database) {
        return "database/" + database;
    }

    static String tableKey(String database, String table) {
        return "table/" + database + "/" + table;
    }

    static String tablePrefix(String database) {
        return "table/" + database + "/";
    }

    /** The archived version {@code version} of a table; zero-padded so that key order is version order. */
    static String tableVersionKey(String database, String table, long version) {
        return tableVersionPrefix(database, table) + String.format(Locale.ROOT, "%020d", version);
    }

    static String tableVersionPrefix(String database, String table) {
        return "tableversion/" + encoded(database) + "/" + encoded(table) + "/";
    }

    static String partitionKey(String database, String table, List<String> values) {
        return partitionPrefix(database, table) + joined(values);
    }

    static String partitionPrefix(String database, String table) {
        return "partition/" + encoded(database) + "/" + encoded(table) + "/";
    }

    static String tableStatisticsKey(String database, String table) {
        return "tablestats/" + encoded(database) + "/" + encoded(table);
    }

    static String partitionStatisticsKey(String database, String table, List<String> values) {
        return partitionStatisticsPrefix(database, table) + joined(values);
    }

    static String partitionStatisticsPrefix(String database, String table) {
        return "partitionstats/" + encoded(database) + "/" + encoded(table) + "/";
    }

    static String tagsKey(String resourceArn) {
        return "tags/" + resourceArn;
    }

    private static String joined(List<String> values) {
        StringBuilder key = new StringBuilder();
        for (String value : values) {
            key.append(encoded(value)).append('/');
        }
        return key.toString();
    }

    private static String encoded(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8);
    }

    @Override
    public boolean owns(String key) {
        return key.startsWith("database/")
                || key.startsWith("table/")
                || key.startsWith("tableversion/")
                || key.startsWith("partition/")
                || key.startsWith("tablestats/")
                || key.startsWith("partitionstats/")
                || key.startsWith("tags/");
    }

    @Override
    public ByteBuffer encode(ObjectNode entity) throws IOException {
        return ByteBuffer.wrap(JSON.writeValueAsBytes(entity));
    }

    @Override
    public ObjectNode decode(ByteBuffer bytes) throws IOException {
        JsonNode entity = JSON.readTree(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
        if (!(entity instanceof ObjectNode object)) {
            throw new IOException("not a JSON object");
        }
        return object;
    }

    @Override
    public long version(ObjectNode entity) {
        return entity.path(VERSION).asLong();
    }

    @Override
    public String incarnation(ObjectNode entity) {
        return null;
    }
}

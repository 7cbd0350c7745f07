package io.millrace.firehose.glue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.store.RecordFormat;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Glue entities in the catalog topic: databases under {@code database/<name>}, tables under
 * {@code table/<database>/<name>}, each value the entity as GetDatabase or GetTable shows it (JSON) plus two
 * internal members, a version and the id of the write (gateways of earlier releases tell their own write by it).
 * Entities have no incarnations: a tombstone removes the entity.
 */
final class GlueEntityFormat implements RecordFormat<ObjectNode> {

    static final String VERSION = "_millraceVersion";
    static final String WRITE_ID = "_millraceWriteId";
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

    @Override
    public boolean owns(String key) {
        return key.startsWith("database/") || key.startsWith("table/");
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

package io.millrace.firehose.glue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.kafka.common.header.Headers;

/**
 * The state machine every gateway runs over the catalog topic, in log order: databases under
 * {@code database/<name>}, tables under {@code table/<database>/<name>}, each value the entity as GetDatabase or
 * GetTable shows it plus two internal members, a version and the id of the write. A record applies as the first
 * version of an absent entity or as the version after the current one; a null value removes the entity. A writer
 * knows it won when the entity then carries its write id.
 */
final class GlueCatalogLog {

    static final String VERSION = "_millraceVersion";
    static final String WRITE_ID = "_millraceWriteId";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConcurrentSkipListMap<String, ObjectNode> entities = new ConcurrentSkipListMap<>();

    static String databaseKey(String database) {
        return "database/" + database;
    }

    static String tableKey(String database, String table) {
        return "table/" + database + "/" + table;
    }

    static String tablePrefix(String database) {
        return "table/" + database + "/";
    }

    void apply(String key, byte[] value, Headers headers) {
        if (key == null || !(key.startsWith("database/") || key.startsWith("table/"))) {
            return;
        }
        if (value == null) {
            entities.remove(key);
            return;
        }
        ObjectNode next;
        try {
            next = (ObjectNode) JSON.readTree(value);
        } catch (IOException | ClassCastException e) {
            return;
        }
        ObjectNode current = entities.get(key);
        if (current == null || next.path(VERSION).asLong() == current.path(VERSION).asLong() + 1) {
            entities.put(key, next);
        }
    }

    Optional<ObjectNode> get(String key) {
        return Optional.ofNullable(entities.get(key));
    }

    /** Entities whose key starts with {@code prefix}, in key order. */
    Collection<ObjectNode> withPrefix(String prefix) {
        return entities.subMap(prefix, prefix + Character.MAX_VALUE).values();
    }

    static byte[] encode(ObjectNode entity) {
        try {
            return JSON.writeValueAsBytes(entity);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.millrace.firehose.glue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.store.CompactedTopicLog;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Glue Data Catalog subset in a compacted one-partition Kafka topic ({@code __millrace_glue} by default), tailed
 * by every gateway through the shared {@link CompactedTopicLog}: a restart or a second gateway sees the same
 * databases and tables. A write is a compare-and-set on the entity's version.
 */
final class GlueCatalogStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GlueCatalogStore.class);

    private final GlueCatalogLog log = new GlueCatalogLog();
    private final CompactedTopicLog topicLog;

    GlueCatalogStore(Map<String, Object> clientProps, Admin admin, String topic) {
        this.topicLog = new CompactedTopicLog(clientProps, admin, topic, "millrace-glue-catalog", log::apply);
    }

    void start(Duration timeout) throws Exception {
        topicLog.start(timeout);
        LOG.info("Glue catalog loaded from {}: {} databases", topicLog.topic(), log.withPrefix("database/").size());
    }

    Optional<ObjectNode> get(String key) {
        return log.get(key);
    }

    Collection<ObjectNode> withPrefix(String prefix) {
        return log.withPrefix(prefix);
    }

    /**
     * Writes {@code entity} as the version after {@code current} (or the first one when current is null); completes
     * with false when another write reached the log first.
     */
    CompletableFuture<Boolean> write(String key, ObjectNode current, ObjectNode entity) {
        String writeId = UUID.randomUUID().toString();
        entity.put(GlueCatalogLog.VERSION, current == null ? 1 : current.path(GlueCatalogLog.VERSION).asLong() + 1);
        entity.put(GlueCatalogLog.WRITE_ID, writeId);
        return topicLog.append(key, GlueCatalogLog.encode(entity), null)
                .thenApply(ignored -> log.get(key)
                        .map(now -> writeId.equals(now.path(GlueCatalogLog.WRITE_ID).asText()))
                        .orElse(false));
    }

    CompletableFuture<Void> remove(String key) {
        return topicLog.append(key, null, null);
    }

    CompletableFuture<Void> sync() {
        return topicLog.sync();
    }

    @Override
    public void close() {
        topicLog.close();
    }
}

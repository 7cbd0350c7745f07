package io.millrace.firehose.glue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.store.VersionConflictException;
import io.millrace.gateway.store.VersionedStore;
import io.millrace.gateway.store.VersionedTopic;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Glue Data Catalog subset in a compacted one-partition Kafka topic ({@code __millrace_glue} by default), tailed
 * by every gateway: a restart or a second gateway sees the same databases and tables. A write is a compare-and-set
 * on the entity's version.
 */
final class GlueCatalogStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GlueCatalogStore.class);

    private final VersionedTopic topic;
    private final VersionedStore<ObjectNode> entities;

    GlueCatalogStore(Map<String, Object> clientProps, Admin admin, String topic) {
        this.topic = new VersionedTopic(clientProps, admin, topic, "millrace-glue-catalog");
        this.entities = this.topic.keySpace(new GlueEntityFormat());
    }

    void start(Duration timeout) throws Exception {
        topic.start(timeout);
        LOG.info(
                "Glue catalog loaded from {}: {} databases",
                topic.topic(),
                withPrefix("database/").size());
    }

    Optional<ObjectNode> get(String key) {
        return entities.get(key);
    }

    /** Entities whose key starts with {@code prefix}, in key order. */
    Collection<ObjectNode> withPrefix(String prefix) {
        return entities.view().withPrefix(prefix);
    }

    /**
     * Writes {@code entity} as the version after {@code current} (or the first one when current is null); completes
     * with false when another write reached the log first.
     */
    CompletableFuture<Boolean> write(String key, ObjectNode current, ObjectNode entity) {
        entity.put(
                GlueEntityFormat.VERSION,
                current == null ? 1 : current.path(GlueEntityFormat.VERSION).asLong() + 1);
        entity.put(GlueEntityFormat.WRITE_ID, UUID.randomUUID().toString());
        return entities.write(key, entity).handle((written, error) -> {
            Throwable cause = error instanceof CompletionException ? error.getCause() : error;
            if (cause == null || cause instanceof VersionConflictException) {
                return cause == null;
            }
            throw error instanceof CompletionException c ? c : new CompletionException(error);
        });
    }

    CompletableFuture<Void> remove(String key) {
        return entities.remove(key, null);
    }

    CompletableFuture<Void> sync() {
        return topic.sync();
    }

    @Override
    public void close() {
        topic.close();
    }
}

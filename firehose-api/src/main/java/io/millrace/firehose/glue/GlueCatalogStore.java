package io.millrace.firehose.glue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.store.VersionConflictException;
import io.millrace.gateway.store.VersionedStore;
import io.millrace.gateway.store.VersionedTopic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.UnaryOperator;
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
        entity.put(GlueEntityFormat.KEY, key);
        return entities.write(key, entity).handle((written, error) -> {
            Throwable cause = error instanceof CompletionException ? error.getCause() : error;
            if (cause == null || cause instanceof VersionConflictException) {
                return cause == null;
            }
            throw error instanceof CompletionException c ? c : new CompletionException(error);
        });
    }

    /**
     * Read-modify-write of one entity: {@code change} gets a copy of the current entity (null when there is none)
     * and returns the next one, or null to write nothing; it may throw to refuse. It runs again on the fresh entity
     * when another write wins; after a few lost attempts the call fails with ConcurrentModificationException.
     */
    CompletableFuture<ObjectNode> update(String key, UnaryOperator<ObjectNode> change) {
        return entities.update(key, current -> {
                    ObjectNode next = change.apply(current == null ? null : current.deepCopy());
                    if (next != null) {
                        next.put(
                                GlueEntityFormat.VERSION,
                                current == null
                                        ? 1
                                        : current.path(GlueEntityFormat.VERSION).asLong() + 1);
                        next.put(GlueEntityFormat.WRITE_ID, UUID.randomUUID().toString());
                        next.put(GlueEntityFormat.KEY, key);
                    }
                    return next;
                })
                .exceptionally(error -> {
                    Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                    if (cause instanceof VersionConflictException) {
                        throw GlueErrors.concurrentModification("Update of " + key + " conflicted, please retry.");
                    }
                    throw error instanceof CompletionException c ? c : new CompletionException(error);
                });
    }

    CompletableFuture<Void> remove(String key) {
        return entities.remove(key, null);
    }

    /** Removes every entity under {@code prefix} (those written with their key, as every write does). */
    CompletableFuture<Void> removeAll(String prefix) {
        List<CompletableFuture<Void>> removals = new ArrayList<>();
        for (ObjectNode entity : new ArrayList<>(withPrefix(prefix))) {
            String key = entity.path(GlueEntityFormat.KEY).asText(null);
            if (key != null && key.startsWith(prefix)) {
                removals.add(remove(key));
            }
        }
        return CompletableFuture.allOf(removals.toArray(CompletableFuture[]::new));
    }

    /**
     * Removes what hangs off a table (archived versions, partitions, column statistics, tags), before the table
     * itself goes: a DeleteTable cut short leaves the table to delete again, never its partitions without it.
     */
    CompletableFuture<Void> removeTableChildren(String database, String table) {
        String tagSuffix = ":table/" + database + "/" + table;
        List<CompletableFuture<Void>> removals = new ArrayList<>(List.of(
                removeAll(GlueEntityFormat.tableVersionPrefix(database, table)),
                removeAll(GlueEntityFormat.partitionPrefix(database, table)),
                removeAll(GlueEntityFormat.partitionStatisticsPrefix(database, table)),
                remove(GlueEntityFormat.tableStatisticsKey(database, table))));
        for (ObjectNode tags : new ArrayList<>(withPrefix("tags/"))) {
            String key = tags.path(GlueEntityFormat.KEY).asText("");
            if (key.endsWith(tagSuffix)) {
                removals.add(remove(key));
            }
        }
        return CompletableFuture.allOf(removals.toArray(CompletableFuture[]::new));
    }

    CompletableFuture<Void> sync() {
        return topic.sync();
    }

    @Override
    public void close() {
        topic.close();
    }
}

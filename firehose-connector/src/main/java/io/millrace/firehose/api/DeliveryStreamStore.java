package io.millrace.firehose.api;

import io.millrace.gateway.store.CompactedTopicLog;
import io.millrace.schemas.firehose.DeliveryStreamMetadata;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivery stream metadata in a compacted one-partition Kafka topic: every gateway tails it into a
 * {@link DeliveryStreamLog}, and a write is a compare-and-set that completes once this gateway has applied the log
 * up to it, so a restart or a second gateway sees the same streams.
 */
final class DeliveryStreamStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryStreamStore.class);

    private final DeliveryStreamLog log = new DeliveryStreamLog();
    private final CompactedTopicLog topicLog;

    DeliveryStreamStore(Map<String, Object> clientProps, Admin admin, String topic) {
        this.topicLog = new CompactedTopicLog(clientProps, admin, topic, "millrace-firehose-metadata", log::apply);
    }

    /** Creates the topic if needed and replays it; returns once the view is up to date. */
    void start(Duration timeout) throws Exception {
        topicLog.start(timeout);
        LOG.info("Firehose metadata loaded from {}: {} delivery streams", topicLog.topic(), log.streams().size());
    }

    Optional<DeliveryStreamMetadata> stream(String name) {
        return log.stream(name);
    }

    Collection<DeliveryStreamMetadata> streams() {
        return log.streams();
    }

    /**
     * Appends the next state and waits until it is applied; fails with {@link ConflictException} when another
     * write reached the log first.
     */
    CompletableFuture<DeliveryStreamMetadata> write(DeliveryStreamMetadata next) {
        return topicLog.append(DeliveryStreamLog.KEY_PREFIX + next.getName(), DeliveryStreamLog.encode(next), null)
                .thenApply(ignored -> {
                    DeliveryStreamMetadata now = log.stream(next.getName()).orElse(null);
                    // Our own record: another writer's record of the same version may have won instead.
                    if (!next.equals(now)) {
                        throw new ConflictException("Delivery stream " + next.getName() + " changed concurrently");
                    }
                    return now;
                });
    }

    /**
     * Applies {@code change} to the current state of one incarnation and writes it, again on a fresh state when a
     * concurrent write won; completes with null when the incarnation is gone. A change that returns null writes
     * nothing (the state is no longer one it applies to) and completes with the current state.
     */
    CompletableFuture<DeliveryStreamMetadata> update(String name, String incarnation,
            java.util.function.UnaryOperator<DeliveryStreamMetadata> change) {
        return updateAttempt(name, incarnation, change, 5);
    }

    private CompletableFuture<DeliveryStreamMetadata> updateAttempt(String name, String incarnation,
            java.util.function.UnaryOperator<DeliveryStreamMetadata> change, int attemptsLeft) {
        DeliveryStreamMetadata current = log.stream(name).orElse(null);
        if (current == null || !current.getIncarnation().equals(incarnation)) {
            return CompletableFuture.completedFuture(null);
        }
        DeliveryStreamMetadata changed = change.apply(current);
        if (changed == null) {
            return CompletableFuture.completedFuture(current);
        }
        DeliveryStreamMetadata next = DeliveryStreamMetadata.newBuilder(changed)
                .setVersion(current.getVersion() + 1)
                .setUpdatedAtMillis(System.currentTimeMillis())
                .build();
        return write(next).handle((written, error) -> {
            Throwable cause = error instanceof java.util.concurrent.CompletionException ? error.getCause() : error;
            if (cause instanceof ConflictException && attemptsLeft > 1) {
                return sync().thenCompose(ignored -> updateAttempt(name, incarnation, change, attemptsLeft - 1));
            }
            return error == null ? CompletableFuture.completedFuture(written)
                    : CompletableFuture.<DeliveryStreamMetadata>failedFuture(cause);
        }).thenCompose(f -> f);
    }

    /** Removes one incarnation for good (a tombstone naming it). */
    CompletableFuture<Void> remove(DeliveryStreamMetadata current) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeliveryStreamLog.INCARNATION_HEADER, current.getIncarnation().getBytes(StandardCharsets.UTF_8));
        return topicLog.append(DeliveryStreamLog.KEY_PREFIX + current.getName(), null, headers);
    }

    /** Completes once this gateway has applied everything in the topic at the time of the call. */
    CompletableFuture<Void> sync() {
        return topicLog.sync();
    }

    @Override
    public void close() {
        topicLog.close();
    }

    /** A compare-and-set lost to a concurrent write. */
    static final class ConflictException extends RuntimeException {
        ConflictException(String message) {
            super(message, null, false, false);
        }
    }
}

package io.millrace.firehose.api;

import io.millrace.gateway.store.NamedRecordFormat;
import io.millrace.gateway.store.VersionedStore;
import io.millrace.gateway.store.VersionedTopic;
import io.millrace.schemas.MetadataDecoders;
import io.millrace.schemas.firehose.DeliveryStreamMetadata;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivery stream metadata in a compacted one-partition Kafka topic that every gateway tails; a write is a
 * compare-and-set that completes once this gateway has applied the log up to it, so a restart or a second gateway
 * sees the same streams.
 */
final class DeliveryStreamStore implements AutoCloseable {

    /** Key {@code deliverystream/<name>}, an Avro {@link DeliveryStreamMetadata} read through its schema history. */
    static final NamedRecordFormat<DeliveryStreamMetadata> FORMAT = new NamedRecordFormat<>(
            "deliverystream/",
            DeliveryStreamMetadata::toByteBuffer,
            MetadataDecoders::deliveryStream,
            DeliveryStreamMetadata::getName,
            DeliveryStreamMetadata::getVersion,
            DeliveryStreamMetadata::getIncarnation);

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryStreamStore.class);

    private final VersionedTopic topic;
    private final VersionedStore<DeliveryStreamMetadata> streams;

    DeliveryStreamStore(Map<String, Object> clientProps, Admin admin, String topic) {
        this.topic = new VersionedTopic(clientProps, admin, topic, "millrace-firehose-metadata");
        this.streams = this.topic.keySpace(FORMAT);
    }

    /** Creates the topic if needed and replays it; returns once the view is up to date. */
    void start(Duration timeout) throws Exception {
        topic.start(timeout);
        LOG.info(
                "Firehose metadata loaded from {}: {} delivery streams",
                topic.topic(),
                streams().size());
    }

    Optional<DeliveryStreamMetadata> stream(String name) {
        return streams.get(FORMAT.key(name));
    }

    /** In name order, as ListDeliveryStreams returns them. */
    Collection<DeliveryStreamMetadata> streams() {
        return streams.values();
    }

    /**
     * Appends the next state and waits until it is applied; fails with
     * {@link io.millrace.gateway.store.VersionConflictException} when another write reached the log first.
     */
    CompletableFuture<DeliveryStreamMetadata> write(DeliveryStreamMetadata next) {
        return streams.write(FORMAT.key(next.getName()), next);
    }

    /**
     * Applies {@code change} to the current state of one incarnation and writes it, again on a fresh state when a
     * concurrent write won; completes with null when the incarnation is gone. A change that returns null writes
     * nothing (the state is no longer one it applies to) and completes with the current state.
     */
    CompletableFuture<DeliveryStreamMetadata> update(
            String name, String incarnation, UnaryOperator<DeliveryStreamMetadata> change) {
        return streams.update(FORMAT.key(name), current -> {
                    if (current == null || !current.getIncarnation().equals(incarnation)) {
                        return null;
                    }
                    DeliveryStreamMetadata changed = change.apply(current);
                    return changed == null
                            ? null
                            : DeliveryStreamMetadata.newBuilder(changed)
                                    .setVersion(current.getVersion() + 1)
                                    .setUpdatedAtMillis(System.currentTimeMillis())
                                    .build();
                })
                .thenApply(result -> result != null && result.getIncarnation().equals(incarnation) ? result : null);
    }

    /** Removes one incarnation for good (a tombstone naming it). */
    CompletableFuture<Void> remove(DeliveryStreamMetadata current) {
        return streams.remove(FORMAT.key(current.getName()), current);
    }

    /** Completes once this gateway has applied everything in the topic at the time of the call. */
    CompletableFuture<Void> sync() {
        return topic.sync();
    }

    @Override
    public void close() {
        topic.close();
    }
}

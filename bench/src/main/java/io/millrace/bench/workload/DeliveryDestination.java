package io.millrace.bench.workload;

import io.millrace.bench.stats.Operation;
import java.util.Map;
import java.util.function.LongConsumer;
import software.amazon.awssdk.services.firehose.model.CreateDeliveryStreamRequest;

/**
 * Where the {@code firehose} workload's delivery stream delivers, and how the bench sees the records arrive there:
 * S3 objects listed and read, requests to an HTTP endpoint of the bench's own, rows of an Iceberg table, documents of
 * an OpenSearch index. One watcher thread calls {@link #poll} until every acknowledged record arrived.
 */
public interface DeliveryDestination {

    /** The delivery row's name: {@code s3}, {@code http}, {@code iceberg}, {@code opensearch}. */
    String row();

    /** The delivery row's operation: {@code put-to-S3}, {@code put-to-HTTP}, ... */
    Operation operation();

    /** What one latency sample of the delivery row is. */
    String latencyOf();

    /** Where records arrive, for the notes ("in S3", "at the HTTP endpoint"). */
    String where();

    /** How the records are written: raw bytes, or JSON objects for the destinations that parse them. */
    PayloadFormat format();

    /** Adds the destination configuration (and anything else it needs) to the CreateDeliveryStream request. */
    void configure(CreateDeliveryStreamRequest.Builder request);

    /**
     * Called once before the writers start.
     *
     * @param tracker       receives every record seen, by batch id and index
     * @param onRecordBytes receives the payload bytes of every record seen, for the delivery meter
     */
    void attach(DeliveryTracker tracker, LongConsumer onRecordBytes);

    /** One look at the destination; records seen go to the tracker. A push destination has nothing to do. */
    void poll();

    /** Whether the records come to the bench (an endpoint it serves) instead of being looked for at each poll. */
    default boolean pushed() {
        return false;
    }

    /** Whether the destination names each record it saw to the tracker (else it only counts them). */
    default boolean tracksRecords() {
        return true;
    }

    /** Whether every acknowledged record arrived; the watcher stops then (or at the drain timeout). */
    default boolean caughtUp(DeliveryTracker tracker) {
        return tracker.deliveredAckedCount() >= tracker.ackedCount();
    }

    /** The destination's own figures, as notes of the delivery row. */
    Map<String, String> notes();

    /** Removes what the run left at the destination; a warning when that failed, else null. */
    String cleanUp();

    /** Stops what the bench runs for the destination (the HTTP endpoint's server); after {@link #cleanUp}. */
    default void close() {}
}

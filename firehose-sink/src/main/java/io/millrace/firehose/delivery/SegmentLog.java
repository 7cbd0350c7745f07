package io.millrace.firehose.delivery;

import java.util.NavigableMap;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * Where each segment of a partition ended. A segment's entry is written before any of its objects, so after a crash
 * the replay from the committed offset (a segment start) finds the boundaries of every segment it may have written
 * already, and cuts there again: the rewritten objects are the same objects under the same keys, even when a cut was
 * made by the clock (IntervalInSeconds). Kept in a compacted Kafka topic ({@link KafkaSegmentLog}); without Kafka
 * settings, in S3 as earlier versions kept it ({@link S3SegmentLog}).
 */
public interface SegmentLog {

    /** Notes a segment's boundaries durably; returns once they are stored, throws when they cannot be. */
    void record(TopicPartition tp, long start, long end);

    /**
     * Sends a segment's boundaries and returns at once; the future completes once they are stored, or with the
     * failure. The segment's objects must not be written before it completes. By default {@link #record}, in the
     * caller's thread.
     */
    default CompletableFuture<Void> recordAsync(TopicPartition tp, long start, long end) {
        try {
            record(tp, start, end);
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * The segments of {@code tp} that end at or after {@code committedOffset}, start to end. Entries entirely below
     * it describe committed data and are removed: the committed offset, read back from Kafka when the partition is
     * assigned, proves they can no longer be replayed.
     */
    NavigableMap<Long, Long> load(TopicPartition tp, long committedOffset);
}

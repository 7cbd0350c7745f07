package io.millrace.firehose.delivery;

import io.millrace.firehose.metrics.DeliveryMetrics;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * The delivery's side of the {@link SegmentLog}: each segment's cut is recorded before any of the segment's objects
 * is written (an object in S3 whose segment is not in the log could be cut differently on replay), and the cuts are
 * read back when a partition is assigned. Cuts are sent without waiting; the object writes wait for them in their
 * upload threads, so the task goes on buffering during the segment log's round trip. Not thread-safe: the engine
 * calls it under its lock.
 */
final class BoundaryRecorder {
    /** A segment's cut, to record before the segment's objects are written. */
    private record Boundary(TopicPartition tp, long start, long end) {}

    /** A cut sent to the segment log, and when it is stored. */
    private record SentBoundary(Boundary boundary, CompletableFuture<Void> stored) {}

    private final SegmentLog segmentLog;
    private final DeliveryMetrics.Output failures;
    private final ArrayDeque<Boundary> unrecorded = new ArrayDeque<>();
    /** Sent and not yet known to be stored: objects started meanwhile wait for them in their upload thread. */
    private final List<SentBoundary> sent = new ArrayList<>();

    /** @param failures the output whose DeliveryToS3.Success a failed cut counts against, as a failed PUT would */
    BoundaryRecorder(SegmentLog segmentLog, DeliveryMetrics.Output failures) {
        this.segmentLog = segmentLog;
        this.failures = failures;
    }

    /** The segments recorded for {@code tp} from its committed offset on: the cuts a replay must make again. */
    NavigableMap<Long, Long> replayOf(TopicPartition tp, long committedOffset) {
        return segmentLog.load(tp, committedOffset);
    }

    /** A segment ended: its cut is recorded by the next {@link #recordAll}. */
    void ended(TopicPartition tp, long start, long end) {
        unrecorded.addLast(new Boundary(tp, start, end));
    }

    /** Cuts waiting to be sent; cuts sent and in flight are not counted (the writes waiting for them finish). */
    boolean hasUnrecorded() {
        return !unrecorded.isEmpty();
    }

    /**
     * Sends every cut not yet recorded; the returned future completes once all cuts sent so far are stored. A cut
     * found failed is sent again by the next call (its objects' writes failed with it, and are retried then), and its
     * failure is thrown.
     */
    CompletableFuture<Void> recordAll() {
        for (Iterator<SentBoundary> it = sent.iterator(); it.hasNext(); ) {
            SentBoundary s = it.next();
            if (s.stored().isDone()) {
                it.remove();
                if (s.stored().isCompletedExceptionally()) {
                    unrecorded.addFirst(s.boundary());
                    throw failure(s.stored());
                }
            }
        }
        while (!unrecorded.isEmpty()) {
            Boundary b = unrecorded.removeFirst();
            CompletableFuture<Void> stored = segmentLog.recordAsync(b.tp(), b.start(), b.end());
            if (stored.isCompletedExceptionally()) {
                unrecorded.addFirst(b);
                throw failure(stored);
            }
            sent.add(new SentBoundary(b, stored));
        }
        return CompletableFuture.allOf(
                sent.stream().map(SentBoundary::stored).filter(f -> !f.isDone()).toArray(CompletableFuture[]::new));
    }

    /** {@code writer}, made to wait until {@code cuts} (from {@link #recordAll}) are stored before each write. */
    static S3Output.Writer afterStored(S3Output.Writer writer, CompletableFuture<Void> cuts) {
        if (cuts.isDone() && !cuts.isCompletedExceptionally()) {
            return writer;
        }
        return (bucket, key, bufferId, file, encoding) -> {
            await(cuts);
            writer.put(bucket, key, bufferId, file, encoding);
        };
    }

    /** Forgets the cuts of partitions the task no longer owns: the next owner replays from the committed offset. */
    void discard(Collection<TopicPartition> partitions) {
        unrecorded.removeIf(b -> partitions.contains(b.tp()));
        sent.removeIf(s -> partitions.contains(s.boundary().tp()));
    }

    void clear() {
        unrecorded.clear();
        sent.clear();
    }

    private RuntimeException failure(CompletableFuture<Void> stored) {
        failures.failed();
        try {
            stored.join();
            return new IllegalStateException("segment log entry not stored");
        } catch (CompletionException e) {
            return e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private static void await(CompletableFuture<Void> cuts) {
        try {
            cuts.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while waiting for the segment log", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new KafkaException(e.getCause());
        }
    }
}

package io.millrace.firehose.delivery;

import io.millrace.firehose.compression.Compression;
import io.millrace.firehose.config.DestinationSettings;
import io.millrace.firehose.config.FirehoseSinkConfig;
import io.millrace.firehose.conversion.ConversionConfig;
import io.millrace.firehose.conversion.ConversionErrorEnvelope;
import io.millrace.firehose.conversion.ConversionResult;
import io.millrace.firehose.metrics.DeliveryMetrics;
import io.millrace.firehose.partitioning.PartitioningErrors;
import io.millrace.firehose.partitioning.RecordPartitioner;
import io.millrace.firehose.processing.ErrorEnvelope;
import io.millrace.firehose.processing.RecordOutcome;
import io.millrace.firehose.processing.RecordProcessor;
import io.millrace.firehose.s3.ObjectWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery of one task, independent of Connect's threading: records in, processed, buffered per partition in
 * each S3 output (destination, optional backup, error output), objects out, and the offsets that are safe to
 * commit. Thread-safe: the Connect task thread and the interval timer share it.
 */
public final class DeliveryEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryEngine.class);

    private final List<S3Output> outputs = new ArrayList<>();
    private final S3Output destination;
    private final S3Output backup;
    private final S3Output errors;
    /** Dynamic partitioning, or null without it. */
    private final RecordPartitioner partitioner;

    private final int maxActivePartitions;
    /** DataFormatConversion, or null: the destination then holds records as processed. */
    private final ConversionConfig.Conversion conversion;

    private final ObjectWriter writer;
    /** Where the destination's buffers go instead of S3 objects (an HTTP endpoint), or null. */
    private final DestinationSink sink;
    /** Writes S3 objects, several at once. */
    private final UploadPool uploads;
    /** Hands buffers to the sink one at a time, in the engine's thread: an endpoint gets them in order. */
    private final UploadPool inline;

    private final DeliveryMetrics metrics;
    private final LongSupplier clock;
    private final Map<TopicPartition, PartitionState> partitions = new HashMap<>();

    /**
     * A partition's progress. A segment is the run of offsets between two cuts; all outputs cut together, when the
     * first of them is full or due, so every committed offset is a segment start and a replay from it rebuilds the
     * same segments' first objects under the same names, whatever output they belong to.
     */
    private static final class PartitionState {
        /** Segments written before a crash, start to end: the replay cuts where they were cut. */
        final NavigableMap<Long, Long> replay;
        /** Next offset not yet accepted: Connect redelivers a whole batch after a RetriableException. */
        long nextOffset;
        /** First offset of the open segment, or -1 when none is open. */
        long segmentStart = -1;
        /** Last offset accepted into the open segment. */
        long lastAccepted;
        /** Where the open segment must end because it ended there before a crash, or null. */
        Long replayEnd;

        long openedAtMillis;
        /** When the last record was accepted (the engine's clock), and its arrival time (its Kafka timestamp). */
        long lastAcceptedAtMillis;

        long lastArrivalMillis;

        PartitionState(NavigableMap<Long, Long> replay) {
            this.replay = replay;
        }
    }

    /** A segment boundary to record before the segment's objects are written. */
    private record Boundary(TopicPartition tp, long start, long end) {}

    /** A boundary sent to the segment log, and when it is stored. */
    private record SentBoundary(Boundary boundary, CompletableFuture<Void> stored) {}

    /**
     * How far behind its records' arrival a partition's consumer must be for a due segment to stay open: records
     * that old wait in Kafka already, so the buffer fills from them instead of leaving at the batch's size. AWS:
     * BufferingHints are "whichever condition is satisfied first" of size and interval, and a zero interval means
     * delivering as soon as possible; a backlog is delivered fastest (and as AWS fills a buffer from its source) in
     * buffers of the full size, while a consumer that keeps up still cuts at the end of each batch.
     */
    static final long CATCH_UP_LAG_MILLIS = 1_000;

    /**
     * A held segment is cut anyway once no record came for this long: the backlog is read, nothing more is waiting.
     */
    static final long CATCH_UP_IDLE_MILLIS = 1_000;

    private final SegmentLog segmentLog;
    private final long replayPatienceMillis;
    private final ArrayDeque<Boundary> unrecordedBoundaries = new ArrayDeque<>();
    /** Sent and not yet known to be stored: objects started meanwhile wait for them in their upload thread. */
    private final List<SentBoundary> sentBoundaries = new ArrayList<>();

    public DeliveryEngine(
            FirehoseSinkConfig config,
            ObjectWriter writer,
            SegmentLog segmentLog,
            DeliveryMetrics metrics,
            LongSupplier clock) {
        this(config, writer, null, segmentLog, metrics, clock);
    }

    /** @param sink where the destination's buffers go instead of S3 objects, or null */
    public DeliveryEngine(
            FirehoseSinkConfig config,
            ObjectWriter writer,
            DestinationSink sink,
            SegmentLog segmentLog,
            DeliveryMetrics metrics,
            LongSupplier clock) {
        this.sink = sink;
        this.segmentLog = segmentLog;
        Path dir = Path.of(config.bufferDirectory());
        DestinationSettings dest = config.destination();
        this.conversion = config.conversion();
        this.destination = new S3Output(
                OutputKind.DESTINATION,
                dest.bucket(),
                dest.keys(),
                dest.bufferSizeBytes(),
                dest.bufferIntervalMillis(),
                // A sink reads its records back from the buffer as framed.
                sink == null ? dest.compression() : Compression.UNCOMPRESSED,
                dir,
                metrics.delivery(),
                conversion == null ? null : conversion.encoder());
        // Failed records follow the destination's buffering; their JSON lines are written uncompressed.
        this.errors = new S3Output(
                OutputKind.ERROR,
                dest.bucket(),
                dest.keys(),
                dest.bufferSizeBytes(),
                dest.bufferIntervalMillis(),
                Compression.UNCOMPRESSED,
                dir,
                null);
        outputs.add(destination);
        outputs.add(errors);
        if (config.backupEnabled()) {
            DestinationSettings b = config.backup();
            this.backup = new S3Output(
                    OutputKind.BACKUP,
                    b.bucket(),
                    b.keys(),
                    b.bufferSizeBytes(),
                    b.bufferIntervalMillis(),
                    b.compression(),
                    dir,
                    metrics.backup());
            outputs.add(backup);
            metrics.backup().oldestPendingArrival(() -> oldestPendingArrival(backup));
        } else {
            this.backup = null;
        }
        metrics.delivery().oldestPendingArrival(() -> oldestPendingArrival(destination));
        long longestInterval =
                outputs.stream().mapToLong(S3Output::intervalMillis).max().orElse(0);
        // A replayed segment waits for the record it ended with; should that record be gone from Kafka (deleted by
        // retention meanwhile), the segment is closed anyway after this long.
        this.replayPatienceMillis = 2 * longestInterval + 60_000;
        this.partitioner = config.partitioner();
        this.maxActivePartitions = config.maxActivePartitions();
        this.writer = writer;
        this.metrics = metrics;
        this.clock = clock;
        this.uploads = new UploadPool(config.streamName(), config.uploadParallelism());
        this.inline = new UploadPool(config.streamName(), 1);
    }

    /**
     * False for a record already accepted (a redelivery after a RetriableException): the caller need not process it
     * again.
     */
    public synchronized boolean isNew(SinkRecord record) {
        PartitionState state = partitions.get(new TopicPartition(record.topic(), record.kafkaPartition()));
        return state == null || record.kafkaOffset() >= state.nextOffset;
    }

    /**
     * Buffers one processed record in every output it belongs to; a record already accepted (a redelivery) is
     * skipped. The first record of a partition after its assignment reads the partition's segment log (an S3 LIST)
     * and may throw the S3 failure, before anything is buffered.
     */
    public synchronized void accept(SinkRecord record, RecordOutcome outcome) {
        TopicPartition tp = new TopicPartition(record.topic(), record.kafkaPartition());
        long offset = record.kafkaOffset();
        PartitionState state = partitions.get(tp);
        if (state == null) {
            // Connect positions a newly assigned partition at its committed offset: this first record is there.
            state = new PartitionState(segmentLog.load(tp, offset));
            partitions.put(tp, state);
        }
        if (offset < state.nextOffset) {
            return;
        }
        long now = clock.getAsLong();
        byte[] raw = RecordProcessor.rawData(record);
        metrics.incoming(raw == null ? 0 : raw.length);
        boolean nothingToWrite = outcome.isEmpty() && (backup == null || raw == null);
        if (nothingToWrite && state.segmentStart < 0) {
            // Dropped by the function and not backed up: it opens no segment, so its offset commits at once. A replay
            // (same deterministic function) drops it again, so segments still start where they started.
            state.nextOffset = offset + 1;
            return;
        }
        if (state.segmentStart >= 0 && mustEndBefore(state, offset)) {
            endSegment(tp, state);
        }
        List<RecordPartitioner.Route> routes =
                new ArrayList<>(outcome.delivered().size());
        for (RecordOutcome.Delivered delivered : outcome.delivered()) {
            RecordPartitioner.Route route =
                    partitioner == null ? null : partitioner.route(delivered.data(), delivered.partitionKeys());
            if (route instanceof RecordPartitioner.Route.Partitioned p && !destination.isOpen(tp, p.keys())) {
                relieveOtherPartitions(tp);
            }
            routes.add(route);
        }
        if (state.segmentStart < 0) {
            state.segmentStart = offset;
            state.replayEnd = state.replay.get(offset);
            state.openedAtMillis = now;
        }
        long segment = state.segmentStart;
        // Arrival time is the Kafka timestamp (set by the gateway): it names the object, so a replay names it alike.
        long arrival = record.timestamp() != null && record.timestamp() >= 0 ? record.timestamp() : now;
        if (backup != null && raw != null) {
            backup.append(tp, raw, offset, arrival, now, segment);
        }
        for (int i = 0; i < routes.size(); i++) {
            deliver(tp, outcome.delivered().get(i).data(), routes.get(i), raw, offset, arrival, now, segment);
        }
        for (RecordOutcome.Failed failed : outcome.failed()) {
            errors.append(
                    tp,
                    ErrorEnvelope.toJsonLine(
                            failed.attemptsMade(),
                            arrival,
                            failed.errorCode(),
                            failed.errorMessage(),
                            now,
                            failed.rawData() == null ? raw : failed.rawData(),
                            failed.lambdaArn()),
                    offset,
                    arrival,
                    now,
                    segment);
        }
        state.nextOffset = offset + 1;
        state.lastAccepted = offset;
        state.lastAcceptedAtMillis = now;
        state.lastArrivalMillis = arrival;
        boolean full = state.replayEnd != null
                ? offset >= state.replayEnd
                : outputs.stream().anyMatch(o -> o.isFull(tp));
        if (full) {
            endSegment(tp, state);
        }
    }

    /**
     * Keeps the task's open destination buffers (files and compressors) within the active partition limit across
     * its Kafka partitions: when a new partition would pass it, the segments of the other Kafka partitions end early.
     * Their cuts go to the segment log like any other, so a replay cuts there too. Replayed segments are left alone
     * (they must end where they ended); each holds at most the limit anyway.
     */
    private void relieveOtherPartitions(TopicPartition current) {
        if (destination.openCount() < maxActivePartitions) {
            return;
        }
        int ended = 0;
        for (Map.Entry<TopicPartition, PartitionState> e : partitions.entrySet()) {
            PartitionState other = e.getValue();
            if (!e.getKey().equals(current)
                    && other.segmentStart >= 0
                    && other.replayEnd == null
                    && destination.openCount(e.getKey()) > 0) {
                endSegment(e.getKey(), other);
                ended++;
            }
        }
        if (ended > 0) {
            LOG.info(
                    "Delivery stream reached {} active partitions: ended the open segments of {} other Kafka "
                            + "partitions early",
                    maxActivePartitions,
                    ended);
        }
    }

    /** One processed record into the destination, or into the error output when its partition cannot be had. */
    private void deliver(
            TopicPartition tp,
            byte[] processed,
            RecordPartitioner.Route route,
            byte[] raw,
            long offset,
            long arrival,
            long now,
            long segment) {
        byte[] data = processed;
        if (conversion != null && !(route instanceof RecordPartitioner.Route.Failed)) {
            // After partition keys are read from the JSON, before the record joins its buffer (AWS's order).
            ConversionResult converted = conversion.converter().convert(processed);
            if (converted instanceof ConversionResult.Failed failed) {
                errors.appendError(
                        tp,
                        ConversionErrorEnvelope.FORMAT_CONVERSION_FAILED,
                        ConversionErrorEnvelope.toJsonLine(
                                arrival,
                                failed.errorCode(),
                                failed.errorMessage(),
                                now,
                                raw,
                                conversion.catalogTable()),
                        offset,
                        arrival,
                        now,
                        segment);
                return;
            }
            data = ((ConversionResult.Converted) converted).data();
        }
        if (route == null) {
            destination.append(tp, sink == null ? data : sink.frame(data, arrival), offset, arrival, now, segment);
        } else if (route instanceof RecordPartitioner.Route.Partitioned p) {
            // AWS's active partition limit; counted in this partition's segment, so a replay of the segment
            // routes every record as the first pass did.
            if (!destination.isOpen(tp, p.keys()) && destination.openCount(tp) >= maxActivePartitions) {
                errors.appendError(
                        tp,
                        PartitioningErrors.ACTIVE_PARTITIONS_EXCEEDED_OUTPUT_TYPE,
                        ErrorEnvelope.toJsonLine(
                                1,
                                arrival,
                                PartitioningErrors.ACTIVE_PARTITIONS_EXCEEDED,
                                "The record would open more than " + maxActivePartitions + " active partitions.",
                                now,
                                raw,
                                null),
                        offset,
                        arrival,
                        now,
                        segment);
            } else {
                destination.append(tp, p.keys(), data, offset, arrival, now, segment);
            }
        } else if (route instanceof RecordPartitioner.Route.Failed f) {
            errors.appendError(
                    tp,
                    PartitioningErrors.METADATA_EXTRACTION_FAILED_OUTPUT_TYPE,
                    ErrorEnvelope.toJsonLine(1, arrival, f.errorCode(), f.errorMessage(), now, raw, null),
                    offset,
                    arrival,
                    now,
                    segment);
        }
    }

    /** A replayed segment ends at its recorded end; a new one ends where the next recorded segment starts. */
    private static boolean mustEndBefore(PartitionState state, long offset) {
        if (state.replayEnd != null) {
            return offset > state.replayEnd;
        }
        Long nextRecorded = state.replay.higherKey(state.segmentStart);
        return nextRecorded != null && offset >= nextRecorded;
    }

    private void endSegment(TopicPartition tp, PartitionState state) {
        outputs.forEach(o -> o.seal(tp));
        if (state.replayEnd == null) {
            unrecordedBoundaries.addLast(new Boundary(tp, state.segmentStart, state.lastAccepted));
        }
        state.segmentStart = -1;
        state.replayEnd = null;
    }

    /** Ends the segments in which some output's BufferingHints interval has passed. */
    public synchronized void sealDue() {
        long now = clock.getAsLong();
        partitions.forEach((tp, state) -> {
            if (state.segmentStart < 0) {
                return;
            }
            boolean due = state.replayEnd != null
                    ? now - state.openedAtMillis >= replayPatienceMillis
                    : outputs.stream().anyMatch(o -> o.isDue(tp, now)) && !catchingUp(state, now);
            if (due) {
                endSegment(tp, state);
            }
        });
    }

    /**
     * The partition's consumer is reading a backlog: its last record arrived long before it was accepted, and
     * records are still coming. Its due segment then waits to fill up (or for the backlog to end).
     */
    private static boolean catchingUp(PartitionState state, long now) {
        return now - state.lastAcceptedAtMillis < CATCH_UP_IDLE_MILLIS
                && state.lastAcceptedAtMillis - state.lastArrivalMillis >= CATCH_UP_LAG_MILLIS;
    }

    /** Whether {@link #advanceWrites} has work: boundaries to record, writes to start or finished ones to collect. */
    public synchronized boolean hasUnwrittenObjects() {
        // Boundaries in flight are not work: the writes waiting for them finish, and are collected, either way.
        return !unrecordedBoundaries.isEmpty()
                || uploads.hasFinished()
                || inline.hasFinished()
                || outputs.stream().anyMatch(S3Output::hasUnstarted);
    }

    /**
     * Writes every finished object, several at once, and returns once they are all written. Throws the first S3
     * failure; objects not yet written stay queued.
     *
     * @return the number of objects written
     */
    public synchronized int writeObjects() {
        CompletableFuture<Void> boundaries = recordBoundaries();
        int written = 0;
        RuntimeException failure = null;
        for (S3Output output : outputs) {
            try {
                written += output.writeSealed(writerOf(output, boundaries), poolOf(output));
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        // Every write started is collected: none is left to look at.
        uploads.takeFinished();
        inline.takeFinished();
        if (failure != null) {
            throw failure;
        }
        return written;
    }

    /**
     * Collects the object writes that finished and starts those of the objects finished since, without waiting for
     * them: the task buffers the next records meanwhile. Throws the first S3 failure; the failed objects are written
     * again by a later call.
     *
     * @return the number of objects written since the last call
     */
    public synchronized int advanceWrites() {
        uploads.takeFinished();
        inline.takeFinished();
        CompletableFuture<Void> boundaries = recordBoundaries();
        int written = 0;
        for (S3Output output : outputs) {
            written += output.advanceWrites(writerOf(output, boundaries), poolOf(output));
        }
        return written;
    }

    /**
     * Waits (without the engine's lock, at most {@code timeoutMillis}) while the writes started are more than the
     * store takes at once and as many again: the source is then faster than the store, and waiting here, in the
     * task's thread, slows the Kafka consumer down instead of piling finished objects up on disk.
     */
    public void awaitWriteCapacity(long timeoutMillis) throws InterruptedException {
        uploads.awaitCapacity(timeoutMillis);
    }

    /**
     * Boundaries first: an object in S3 whose segment is not in the log could be cut differently on replay. Every
     * boundary not yet recorded is sent without waiting for it; the returned future completes once all boundaries
     * sent so far are stored, and each object write started now waits for it in its upload thread, so the task goes
     * on buffering during the segment log's round trip. A boundary found failed is sent again by the next call (its
     * objects' writes failed with it, and are retried then), and its failure is thrown.
     */
    private CompletableFuture<Void> recordBoundaries() {
        for (Iterator<SentBoundary> it = sentBoundaries.iterator(); it.hasNext(); ) {
            SentBoundary sent = it.next();
            if (sent.stored().isDone()) {
                it.remove();
                if (sent.stored().isCompletedExceptionally()) {
                    unrecordedBoundaries.addFirst(sent.boundary());
                    throw boundaryFailure(sent.stored());
                }
            }
        }
        while (!unrecordedBoundaries.isEmpty()) {
            Boundary b = unrecordedBoundaries.removeFirst();
            CompletableFuture<Void> stored = segmentLog.recordAsync(b.tp(), b.start(), b.end());
            if (stored.isCompletedExceptionally()) {
                unrecordedBoundaries.addFirst(b);
                throw boundaryFailure(stored);
            }
            sentBoundaries.add(new SentBoundary(b, stored));
        }
        return CompletableFuture.allOf(sentBoundaries.stream()
                .map(SentBoundary::stored)
                .filter(f -> !f.isDone())
                .toArray(CompletableFuture[]::new));
    }

    /** A PUT of the delivery that failed: it counts against DeliveryToS3.Success like the object's own. */
    private RuntimeException boundaryFailure(CompletableFuture<Void> stored) {
        metrics.delivery().failed();
        try {
            stored.join();
            return new IllegalStateException("segment log entry not stored");
        } catch (CompletionException e) {
            return e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** Writes an object once the boundaries sent before its write started are stored. */
    private S3Output.Writer writerOf(S3Output output, CompletableFuture<Void> boundaries) {
        S3Output.Writer writer = output == destination && sink != null
                ? (bucket, key, file, encoding) -> sink.deliver(key, file)
                : this.writer::put;
        if (boundaries.isDone() && !boundaries.isCompletedExceptionally()) {
            return writer;
        }
        return (bucket, key, file, encoding) -> {
            awaitStored(boundaries);
            writer.put(bucket, key, file, encoding);
        };
    }

    private static void awaitStored(CompletableFuture<Void> boundaries) {
        try {
            boundaries.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while waiting for the segment log", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new KafkaException(e.getCause());
        }
    }

    private UploadPool poolOf(S3Output output) {
        return output == destination && sink != null ? inline : uploads;
    }

    /**
     * The offsets Kafka may commit: per partition, the start of the oldest segment some output still holds unwritten,
     * or the next offset after everything accepted. Records below it are in S3 in every output they belong to.
     */
    public synchronized Map<TopicPartition, OffsetAndMetadata> committableOffsets(Collection<TopicPartition> assigned) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (TopicPartition tp : assigned) {
            PartitionState state = partitions.get(tp);
            if (state == null) {
                continue;
            }
            long safe = state.nextOffset;
            for (S3Output output : outputs) {
                OptionalLong first = output.firstUnwrittenSegment(tp);
                if (first.isPresent()) {
                    safe = Math.min(safe, first.getAsLong());
                }
            }
            out.put(tp, new OffsetAndMetadata(safe));
        }
        return out;
    }

    /** Forgets partitions this task no longer owns: their unwritten records are re-read by the next owner. */
    public synchronized void discard(Collection<TopicPartition> partitions) {
        outputs.forEach(o -> o.discard(partitions));
        partitions.forEach(this.partitions::remove);
        unrecordedBoundaries.removeIf(b -> partitions.contains(b.tp()));
        sentBoundaries.removeIf(b -> partitions.contains(b.boundary().tp()));
    }

    private synchronized long oldestPendingArrival(S3Output output) {
        return output.oldestPendingArrival();
    }

    @Override
    public void close() {
        // Without the lock: an upload in flight ends (interrupted) before the buffers it reads are deleted.
        uploads.close();
        synchronized (this) {
            outputs.forEach(S3Output::discardAll);
            partitions.clear();
            unrecordedBoundaries.clear();
            sentBoundaries.clear();
        }
    }
}

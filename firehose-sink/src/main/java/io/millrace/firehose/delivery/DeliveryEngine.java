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
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
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
    /**
     * Hands buffers to the sink: one at a time in the engine's thread (an HTTP endpoint gets them in order), or as
     * many at once as the sink takes (OpenSearch, whose document ids make the order irrelevant).
     */
    private final UploadPool sinkPool;

    private final DeliveryMetrics metrics;
    private final LongSupplier clock;
    private final Map<TopicPartition, PartitionProgress> partitions = new HashMap<>();
    private final BoundaryRecorder boundaries;
    private volatile BiConsumer<String, String> destinationWritten = (bucket, key) -> {};
    /** The partition of the last record taken: a batch's records are mostly of one partition, one key suffices. */
    private TopicPartition lastPartition;

    private final long replayPatienceMillis;

    /**
     * Called with the bucket and key of each destination object once it is in S3, on the upload thread that wrote it:
     * must return at once.
     */
    public void onDestinationWritten(BiConsumer<String, String> listener) {
        this.destinationWritten = listener;
    }

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
        this.boundaries = new BoundaryRecorder(segmentLog, metrics.delivery());
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
        this.sinkPool = new UploadPool(config.streamName() + "-sink", sink == null ? 1 : sink.parallelism());
    }

    /**
     * False for a record already accepted (a redelivery after a RetriableException): the caller need not process it
     * again.
     */
    public synchronized boolean isNew(SinkRecord record) {
        PartitionProgress state = partitions.get(partitionOf(record));
        return state == null || record.kafkaOffset() >= state.nextOffset;
    }

    /**
     * Buffers one processed record in every output it belongs to; a record already accepted (a redelivery) is
     * skipped. The first record of a partition after its assignment reads the partition's segment log (an S3 LIST)
     * and may throw the S3 failure, before anything is buffered.
     */
    public synchronized void accept(SinkRecord record, RecordOutcome outcome) {
        TopicPartition tp = partitionOf(record);
        long offset = record.kafkaOffset();
        PartitionProgress state = partitions.get(tp);
        if (state == null) {
            // Connect positions a newly assigned partition at its committed offset: this first record is there.
            state = new PartitionProgress(boundaries.replayOf(tp, offset));
            partitions.put(tp, state);
        }
        if (offset < state.nextOffset) {
            return;
        }
        long now = clock.getAsLong();
        byte[] raw = RecordProcessor.rawData(record);
        metrics.incoming(raw == null ? 0 : raw.length);
        boolean nothingToWrite = outcome.isEmpty() && (backup == null || raw == null);
        if (nothingToWrite && !state.hasOpenSegment()) {
            // Dropped by the function and not backed up: it opens no segment, so its offset commits at once. A replay
            // (same deterministic function) drops it again, so segments still start where they started.
            state.nextOffset = offset + 1;
            return;
        }
        if (state.hasOpenSegment() && state.mustEndBefore(offset)) {
            endSegment(tp, state);
        }
        List<RecordOutcome.Delivered> delivered = outcome.delivered();
        List<RecordPartitioner.Route> routes = partitioner == null ? null : routes(tp, delivered);
        if (!state.hasOpenSegment()) {
            state.open(offset, now);
        }
        long segment = state.segmentStart;
        // Arrival time is the Kafka timestamp (set by the gateway): it names the object, so a replay names it alike.
        long arrival = record.timestamp() != null && record.timestamp() >= 0 ? record.timestamp() : now;
        if (backup != null && raw != null) {
            backup.append(tp, raw, offset, arrival, now, segment);
        }
        for (int i = 0; i < delivered.size(); i++) {
            deliver(
                    tp,
                    delivered.get(i).data(),
                    routes == null ? null : routes.get(i),
                    raw,
                    offset,
                    arrival,
                    now,
                    segment);
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
        state.accepted(offset, now, arrival);
        boolean full = state.isReplaying() ? offset >= state.replayEnd : anyFull(tp);
        if (full) {
            endSegment(tp, state);
        }
    }

    /** The record's partition, the same instance as the last record's when it is the same partition. */
    private TopicPartition partitionOf(SinkRecord record) {
        TopicPartition last = lastPartition;
        if (last != null
                && last.partition() == record.kafkaPartition()
                && last.topic().equals(record.topic())) {
            return last;
        }
        lastPartition = new TopicPartition(record.topic(), record.kafkaPartition());
        return lastPartition;
    }

    /** Each delivered record's route under dynamic partitioning; a new partition may end other partitions' segments. */
    private List<RecordPartitioner.Route> routes(TopicPartition tp, List<RecordOutcome.Delivered> delivered) {
        List<RecordPartitioner.Route> routes = new ArrayList<>(delivered.size());
        for (RecordOutcome.Delivered d : delivered) {
            RecordPartitioner.Route route = partitioner.route(d.data(), d.partitionKeys());
            if (route instanceof RecordPartitioner.Route.Partitioned p && !destination.isOpen(tp, p.keys())) {
                relieveOtherPartitions(tp);
            }
            routes.add(route);
        }
        return routes;
    }

    /** Whether some output's open buffer of {@code tp} holds its SizeInMBs (a loop: this runs for every record). */
    private boolean anyFull(TopicPartition tp) {
        for (S3Output output : outputs) {
            if (output.isFull(tp)) {
                return true;
            }
        }
        return false;
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
        for (Map.Entry<TopicPartition, PartitionProgress> e : partitions.entrySet()) {
            PartitionProgress other = e.getValue();
            if (!e.getKey().equals(current)
                    && other.hasOpenSegment()
                    && !other.isReplaying()
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

    private void endSegment(TopicPartition tp, PartitionProgress state) {
        outputs.forEach(o -> o.seal(tp));
        if (!state.isReplaying()) {
            boundaries.ended(tp, state.segmentStart, state.lastAccepted);
        }
        state.close();
    }

    /** Ends the segments in which some output's BufferingHints interval has passed. */
    public synchronized void sealDue() {
        long now = clock.getAsLong();
        partitions.forEach((tp, state) -> {
            if (!state.hasOpenSegment()) {
                return;
            }
            boolean due = state.isReplaying()
                    ? now - state.openedAtMillis >= replayPatienceMillis
                    : outputs.stream().anyMatch(o -> o.isDue(tp, now)) && !state.catchingUp(now);
            if (due) {
                endSegment(tp, state);
            }
        });
    }

    /** Whether {@link #advanceWrites} has work: boundaries to record, writes to start or finished ones to collect. */
    public synchronized boolean hasUnwrittenObjects() {
        // Boundaries in flight are not work: the writes waiting for them finish, and are collected, either way.
        if (boundaries.hasUnrecorded() || uploads.hasFinished() || sinkPool.hasFinished()) {
            return true;
        }
        // A loop, not a stream: the task asks after every record.
        for (S3Output output : outputs) {
            if (output.hasUnstarted()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Writes every finished object, several at once, and returns once they are all written. Throws the first S3
     * failure; objects not yet written stay queued.
     *
     * @return the number of objects written
     */
    public synchronized int writeObjects() {
        CompletableFuture<Void> cuts = boundaries.recordAll();
        int written = 0;
        RuntimeException failure = null;
        for (S3Output output : outputs) {
            try {
                written += output.writeSealed(writerOf(output, cuts), poolOf(output));
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        // Every write started is collected: none is left to look at.
        uploads.takeFinished();
        sinkPool.takeFinished();
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
        sinkPool.takeFinished();
        CompletableFuture<Void> cuts = boundaries.recordAll();
        int written = 0;
        for (S3Output output : outputs) {
            written += output.advanceWrites(writerOf(output, cuts), poolOf(output));
        }
        return written;
    }

    /**
     * Waits (without the engine's lock, at most {@code timeoutMillis}) while the writes started are more than the
     * store takes at once and as many again: the source is then faster than the store, and waiting here, in the
     * task's thread, slows the Kafka consumer down instead of piling finished objects up on disk.
     */
    public void awaitWriteCapacity(long timeoutMillis) throws InterruptedException {
        long start = System.nanoTime();
        uploads.awaitCapacity(timeoutMillis);
        long left = timeoutMillis - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        if (left > 0) {
            sinkPool.awaitCapacity(left);
        }
    }

    /** Writes an object once the segment cuts sent before its write started are stored. */
    private S3Output.Writer writerOf(S3Output output, CompletableFuture<Void> cuts) {
        S3Output.Writer writer;
        if (output == destination && sink != null) {
            writer = (bucket, key, bufferId, file, encoding) -> sink.deliver(key, bufferId, file);
        } else if (output == destination) {
            BiConsumer<String, String> written = destinationWritten;
            writer = (bucket, key, bufferId, file, encoding) -> {
                this.writer.put(bucket, key, file, encoding);
                written.accept(bucket, key);
            };
        } else {
            writer = (bucket, key, bufferId, file, encoding) -> this.writer.put(bucket, key, file, encoding);
        }
        return BoundaryRecorder.afterStored(writer, cuts);
    }

    private UploadPool poolOf(S3Output output) {
        return output == destination && sink != null ? sinkPool : uploads;
    }

    /**
     * The offsets Kafka may commit: per partition, the start of the oldest segment some output still holds unwritten,
     * or the next offset after everything accepted. Records below it are in S3 in every output they belong to.
     */
    public synchronized Map<TopicPartition, OffsetAndMetadata> committableOffsets(Collection<TopicPartition> assigned) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (TopicPartition tp : assigned) {
            PartitionProgress state = partitions.get(tp);
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
        boundaries.discard(partitions);
    }

    private synchronized long oldestPendingArrival(S3Output output) {
        return output.oldestPendingArrival();
    }

    @Override
    public void close() {
        // Without the lock: an upload in flight ends (interrupted) before the buffers it reads are deleted.
        uploads.close();
        sinkPool.close();
        synchronized (this) {
            outputs.forEach(S3Output::discardAll);
            partitions.clear();
            boundaries.clear();
        }
    }
}

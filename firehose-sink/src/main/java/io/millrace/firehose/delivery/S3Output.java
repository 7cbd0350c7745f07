package io.millrace.firehose.delivery;

import io.millrace.firehose.buffer.SpoolFile;
import io.millrace.firehose.compression.Compression;
import io.millrace.firehose.conversion.ObjectEncoder;
import io.millrace.firehose.metrics.DeliveryMetrics;
import io.millrace.firehose.naming.DeterministicIds;
import io.millrace.firehose.naming.ObjectKeys;
import io.millrace.firehose.partitioning.PartitionKeys;
import io.millrace.firehose.processing.ErrorEnvelope;
import io.millrace.firehose.s3.ObjectWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.TopicPartition;

/**
 * One S3 output (the destination, the backup or the error output) of a task: buffers per Kafka partition, closed
 * into objects when the engine ends the partition's segment, then written, several at once, started in offset order.
 * Objects hold records of a single partition and segment, whose first offset names them and bounds the commit. Within
 * a segment a partition has one buffer per object it will become: per partition key values under dynamic
 * partitioning, per error output type in the error output, otherwise just one.
 */
final class S3Output {
    /** Where finished objects go: {@link ObjectWriter#put}, or a {@link DestinationSink}. */
    @FunctionalInterface
    interface Writer {
        /**
         * @param bufferId what names the object's records whatever the stream's version (output, topic, partition,
         *     segment start): the key also holds the version, which UpdateDestination raises
         */
        void put(String bucket, String key, String bufferId, Path file, Optional<String> contentEncoding);
    }

    /** A finished object waiting to be written (again, after a failure), or being written. */
    private static final class Pending {
        final SpoolFile spool;
        final String key;
        final String seed;
        final long segmentStart;
        /** The spool encoded by the ObjectEncoder, once: a retried PUT sends the same file. */
        Path encoded;
        /** The write in progress or finished, not yet collected; null while none is. */
        CompletableFuture<Void> upload;
        /** The object's size, read by the upload once written. */
        volatile long objectBytes;

        Pending(SpoolFile spool, String key, String seed, long segmentStart) {
            this.spool = spool;
            this.key = key;
            this.seed = seed;
            this.segmentStart = segmentStart;
        }

        SpoolFile spool() {
            return spool;
        }

        String key() {
            return key;
        }

        long segmentStart() {
            return segmentStart;
        }
    }

    /** What tells the objects of one partition's segment apart. */
    private record BufferKey(PartitionKeys keys, String errorOutputType) {}

    /** The key of the buffer of records without partition keys: one instance, not one per record. */
    private static final BufferKey PLAIN = new BufferKey(PartitionKeys.NONE, null);

    /** A buffer being filled and the key of the object it will become. */
    private record OpenBuffer(SpoolFile spool, String key, String seed) {}

    private static final class PartitionBuffer {
        /** Insertion order, so a segment's objects are written in the order their first records came. */
        final Map<BufferKey, OpenBuffer> open = new LinkedHashMap<>();

        long openSegmentStart;
        /** One of the open buffers reached SizeInMBs: checked after every record, so kept as a flag. */
        boolean full;

        final Deque<Pending> sealed = new ArrayDeque<>();
    }

    private final OutputKind kind;
    private final String bucket;
    private final ObjectKeys keys;
    private final long sizeBytes;
    private final long intervalMillis;
    private final Compression compression;
    private final Path bufferDirectory;
    private final DeliveryMetrics.Output metrics;
    private final Map<TopicPartition, PartitionBuffer> buffers = new HashMap<>();
    /** Finished objects not yet written, across partitions: checked after every record, so kept as a count. */
    private int sealedCount;
    /** Finished objects whose write is not started (or failed and waits for another attempt). */
    private int unstartedCount;
    /** Open buffers across partitions: each holds a file and compressor buffers, so their number is bounded. */
    private int openCount;
    /** Null: objects are written as buffered. Otherwise the sealed buffer is encoded (Parquet, ORC) first. */
    private final ObjectEncoder encoder;

    S3Output(
            OutputKind kind,
            String bucket,
            ObjectKeys keys,
            long sizeBytes,
            long intervalMillis,
            Compression compression,
            Path bufferDirectory,
            DeliveryMetrics.Output metrics) {
        this(kind, bucket, keys, sizeBytes, intervalMillis, compression, bufferDirectory, metrics, null);
    }

    S3Output(
            OutputKind kind,
            String bucket,
            ObjectKeys keys,
            long sizeBytes,
            long intervalMillis,
            Compression compression,
            Path bufferDirectory,
            DeliveryMetrics.Output metrics,
            ObjectEncoder encoder) {
        this.encoder = encoder;
        this.kind = kind;
        this.bucket = bucket;
        this.keys = keys;
        this.sizeBytes = sizeBytes;
        this.intervalMillis = intervalMillis;
        this.compression = compression;
        this.bufferDirectory = bufferDirectory;
        this.metrics = metrics;
    }

    /**
     * @param segmentStart the first offset of the partition's current segment: objects of all outputs are cut
     *     together and named after it, so a replay from a committed offset (always a segment start) names them alike
     */
    void append(TopicPartition tp, byte[] data, long offset, long arrivalMillis, long nowMillis, long segmentStart) {
        append(tp, PartitionKeys.NONE, data, offset, arrivalMillis, nowMillis, segmentStart);
    }

    /** Appends to the buffer of the records with partition keys {@code partitionKeys}. */
    void append(
            TopicPartition tp,
            PartitionKeys partitionKeys,
            byte[] data,
            long offset,
            long arrivalMillis,
            long nowMillis,
            long segmentStart) {
        BufferKey bufferKey = partitionKeys == PartitionKeys.NONE ? PLAIN : new BufferKey(partitionKeys, null);
        append(tp, bufferKey, data, offset, arrivalMillis, nowMillis, segmentStart);
    }

    /** Appends to the error output's buffer of {@code errorOutputType} ({@code !{firehose:error-output-type}}). */
    void appendError(
            TopicPartition tp,
            String errorOutputType,
            byte[] data,
            long offset,
            long arrivalMillis,
            long nowMillis,
            long segmentStart) {
        append(
                tp,
                new BufferKey(PartitionKeys.NONE, errorOutputType),
                data,
                offset,
                arrivalMillis,
                nowMillis,
                segmentStart);
    }

    private void append(
            TopicPartition tp,
            BufferKey bufferKey,
            byte[] data,
            long offset,
            long arrivalMillis,
            long nowMillis,
            long segmentStart) {
        PartitionBuffer buffer = buffers.computeIfAbsent(tp, k -> new PartitionBuffer());
        OpenBuffer open = buffer.open.get(bufferKey);
        if (open == null) {
            String seed = DeterministicIds.seed(
                    kind.id(), tp.topic(), tp.partition(), segmentStart, discriminator(bufferKey));
            String key = kind.errorOutputType() != null
                    ? keys.errorKey(
                            arrivalMillis,
                            seed,
                            bufferKey.errorOutputType() == null ? kind.errorOutputType() : bufferKey.errorOutputType())
                    : keys.dataKey(arrivalMillis, seed, bufferKey.keys());
            // Partitioned buffers can be hundreds at once: a smaller write buffer keeps their memory in check.
            int writeBuffer = bufferKey.keys().isEmpty() ? 64 * 1024 : 8 * 1024;
            open = new OpenBuffer(
                    new SpoolFile(
                            bufferDirectory,
                            compression,
                            entryName(key),
                            offset,
                            arrivalMillis,
                            nowMillis,
                            writeBuffer),
                    key,
                    seed);
            buffer.open.put(bufferKey, open);
            buffer.openSegmentStart = segmentStart;
            openCount++;
        }
        open.spool().append(data, offset);
        if (open.spool().rawBytes() >= sizeBytes) {
            buffer.full = true;
        }
    }

    /**
     * Seeds of buffers other than the first kind of each output get a suffix; the plain ones keep the names they had
     * before dynamic partitioning existed.
     */
    private static String discriminator(BufferKey bufferKey) {
        String type = bufferKey.errorOutputType();
        String typePart = type == null || type.equals(ErrorEnvelope.PROCESSING_FAILED) ? "" : "type\u0000" + type;
        return typePart + bufferKey.keys().canonical();
    }

    /** Whether {@code tp} has an open buffer for {@code partitionKeys} in its current segment. */
    boolean isOpen(TopicPartition tp, PartitionKeys partitionKeys) {
        PartitionBuffer buffer = buffers.get(tp);
        return buffer != null && buffer.open.containsKey(new BufferKey(partitionKeys, null));
    }

    /** Open buffers of {@code tp}: under dynamic partitioning, its active partitions. */
    int openCount(TopicPartition tp) {
        PartitionBuffer buffer = buffers.get(tp);
        return buffer == null ? 0 : buffer.open.size();
    }

    /** Open buffers of all partitions. */
    int openCount() {
        return openCount;
    }

    long intervalMillis() {
        return intervalMillis;
    }

    /** An open buffer of {@code tp} holds SizeInMBs of records. */
    boolean isFull(TopicPartition tp) {
        PartitionBuffer buffer = buffers.get(tp);
        return buffer != null && buffer.full;
    }

    /**
     * An open buffer of {@code tp} has waited IntervalInSeconds, counted from its first record's arrival (its Kafka
     * timestamp) when that is earlier than the buffer's opening: a record buffered before a restart is replayed
     * into a new buffer, and must not wait a whole interval again, nor once per restart.
     */
    boolean isDue(TopicPartition tp, long nowMillis) {
        PartitionBuffer buffer = buffers.get(tp);
        return buffer != null
                && buffer.open.values().stream()
                        .anyMatch(o -> nowMillis
                                        - Math.min(
                                                o.spool().openedAtMillis(),
                                                o.spool().firstArrivalMillis())
                                >= intervalMillis);
    }

    /** Finishes the open buffers of {@code tp}, if any, into objects waiting to be written. */
    void seal(TopicPartition tp) {
        PartitionBuffer buffer = buffers.get(tp);
        if (buffer == null || buffer.open.isEmpty()) {
            return;
        }
        for (OpenBuffer open : buffer.open.values()) {
            sealedCount++;
            unstartedCount++;
            open.spool().seal();
            buffer.sealed.addLast(new Pending(open.spool(), open.key(), open.seed(), buffer.openSegmentStart));
        }
        openCount -= buffer.open.size();
        buffer.open.clear();
        buffer.full = false;
    }

    boolean hasSealed() {
        return sealedCount > 0;
    }

    /** Some finished object waits for its write to start. */
    boolean hasUnstarted() {
        return unstartedCount > 0;
    }

    /**
     * Collects the writes that finished, then starts the write of every finished object not being written, oldest
     * first in each partition, on {@code pool}. A failed write propagates, after the other finished ones are
     * collected: the caller backs off, and the next call writes the object again, nothing is dropped. A partition's
     * objects can land out of order (AWS does not order objects either); the commit still waits for the oldest.
     *
     * @return the number of objects written
     */
    int advanceWrites(Writer writer, UploadPool pool) {
        int written = collect();
        startWrites(writer, pool);
        // Writes in the caller's thread (a parallelism of 1) are finished already.
        return written + collect();
    }

    /** Starts every write not started and waits for them all: the objects are in S3 when it returns. */
    int writeSealed(Writer writer, UploadPool pool) {
        int written = collect();
        startWrites(writer, pool);
        for (PartitionBuffer buffer : buffers.values()) {
            for (Pending p : buffer.sealed) {
                if (p.upload != null) {
                    try {
                        p.upload.join();
                    } catch (CompletionException | CancellationException e) {
                        // Collected below, with the others.
                    }
                }
            }
        }
        return written + collect();
    }

    private void startWrites(Writer writer, UploadPool pool) {
        if (unstartedCount == 0) {
            return;
        }
        for (PartitionBuffer buffer : buffers.values()) {
            for (Pending p : buffer.sealed) {
                if (p.upload != null) {
                    continue;
                }
                Path file = objectFile(p);
                Optional<String> encoding = contentEncoding();
                unstartedCount--;
                p.upload = pool.submit(() -> {
                    writer.put(bucket, p.key(), p.seed, file, encoding);
                    p.objectBytes = size(file);
                    // Counted when the object is in S3, as DeliveryToS3.Records is on AWS, not when the task
                    // next collects the write: the upload runs on another thread, maybe long before.
                    if (metrics != null) {
                        metrics.succeeded(p.spool().records(), p.objectBytes);
                    }
                });
                if (p.upload.isCompletedExceptionally()) {
                    // Written in this thread and failed: the next objects wait, as the store is failing.
                    return;
                }
            }
        }
    }

    /** Takes the finished writes out of the queue; throws the first failure once all are looked at. */
    private int collect() {
        int written = 0;
        RuntimeException failure = null;
        for (PartitionBuffer buffer : buffers.values()) {
            for (Iterator<Pending> it = buffer.sealed.iterator(); it.hasNext(); ) {
                Pending p = it.next();
                if (p.upload == null || !p.upload.isDone()) {
                    continue;
                }
                try {
                    p.upload.join();
                } catch (CompletionException | CancellationException e) {
                    p.upload = null;
                    unstartedCount++;
                    if (metrics != null) {
                        metrics.failed();
                    }
                    if (failure == null) {
                        failure = e.getCause() instanceof RuntimeException cause ? cause : e;
                    }
                    continue;
                }
                it.remove();
                sealedCount--;
                discardPending(p);
                written++;
            }
        }
        if (failure != null) {
            throw failure;
        }
        return written;
    }

    /** The start of the oldest segment of {@code tp} this output still holds unwritten, if any. */
    OptionalLong firstUnwrittenSegment(TopicPartition tp) {
        PartitionBuffer buffer = buffers.get(tp);
        if (buffer == null) {
            return OptionalLong.empty();
        }
        if (!buffer.sealed.isEmpty()) {
            return OptionalLong.of(buffer.sealed.peekFirst().segmentStart());
        }
        return buffer.open.isEmpty() ? OptionalLong.empty() : OptionalLong.of(buffer.openSegmentStart);
    }

    void discard(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            PartitionBuffer buffer = buffers.remove(tp);
            if (buffer != null) {
                sealedCount -= buffer.sealed.size();
                unstartedCount -= (int)
                        buffer.sealed.stream().filter(p -> p.upload == null).count();
                openCount -= buffer.open.size();
                discard(buffer);
            }
        }
    }

    void discardAll() {
        buffers.values().forEach(S3Output::discard);
        buffers.clear();
        sealedCount = 0;
        unstartedCount = 0;
        openCount = 0;
    }

    private static void discard(PartitionBuffer buffer) {
        buffer.open.values().forEach(o -> o.spool().discard());
        buffer.sealed.forEach(S3Output::discardPending);
    }

    private static void discardPending(Pending p) {
        p.spool().discard();
        if (p.encoded != null) {
            try {
                Files.deleteIfExists(p.encoded);
            } catch (IOException ignored) {
                // A leftover temp file is harmless; the directory is the operator's.
            }
        }
    }

    /** The file the object is written from: the buffer itself, or its encoding, made on the first attempt. */
    private Path objectFile(Pending p) {
        if (encoder == null) {
            return p.spool().path();
        }
        if (p.encoded == null) {
            try {
                p.encoded = encoder.encode(p.spool().path(), p.spool().path().getParent());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot encode " + p.key(), e);
            }
        }
        return p.encoded;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Arrival time of the oldest record not yet written; the caller holds the engine's lock. */
    long oldestPendingArrival() {
        long oldest = Long.MAX_VALUE;
        for (PartitionBuffer buffer : buffers.values()) {
            for (OpenBuffer open : buffer.open.values()) {
                oldest = Math.min(oldest, open.spool().firstArrivalMillis());
            }
            for (Pending p : buffer.sealed) {
                // An object whose write finished is in S3 already, even before the task collects the write.
                boolean written = p.upload != null && p.upload.isDone() && !p.upload.isCompletedExceptionally();
                if (!written) {
                    oldest = Math.min(oldest, p.spool().firstArrivalMillis());
                }
            }
        }
        return oldest;
    }

    /** Error objects are never compressed, and converted formats compress inside the file: no encoding then. */
    private Optional<String> contentEncoding() {
        if (encoder != null || kind.errorOutputType() != null) {
            return Optional.empty();
        }
        return compression.contentEncoding();
    }

    /** The entry name inside a ZIP object: the object's file name without the extension. */
    private static String entryName(String key) {
        String file = key.substring(key.lastIndexOf('/') + 1);
        return file.endsWith(".zip") ? file.substring(0, file.length() - 4) : file;
    }
}

package io.millrace.firehose.delivery;

import io.millrace.firehose.buffer.SpoolFile;
import io.millrace.firehose.compression.Compression;
import io.millrace.firehose.conversion.ObjectEncoder;
import io.millrace.firehose.metrics.DeliveryMetrics;
import io.millrace.firehose.naming.DeterministicIds;
import io.millrace.firehose.naming.ObjectKeys;
import io.millrace.firehose.s3.ObjectWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;

/**
 * One S3 output (the destination, the backup or the error output) of a task: a buffer per Kafka partition, closed
 * into an object when the engine ends the partition's segment, then written in offset order. Objects hold records of
 * a single partition and segment, whose first offset names them and bounds the commit.
 */
final class S3Output {
    /** A finished object waiting to be written (again, after a failure). */
    private static final class Pending {
        final SpoolFile spool;
        final String key;
        final long segmentStart;
        /** The spool encoded by the ObjectEncoder, once: a retried PUT sends the same file. */
        Path encoded;

        Pending(SpoolFile spool, String key, long segmentStart) {
            this.spool = spool;
            this.key = key;
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

    private static final class PartitionBuffer {
        SpoolFile open;
        String openKey;
        long openSegmentStart;
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
    /** Null: objects are written as buffered. Otherwise the sealed buffer is encoded (Parquet, ORC) first. */
    private final ObjectEncoder encoder;
    private final Map<TopicPartition, PartitionBuffer> buffers = new HashMap<>();
    /** Finished objects not yet written, across partitions: checked after every record, so kept as a count. */
    private int sealedCount;

    S3Output(OutputKind kind, String bucket, ObjectKeys keys, long sizeBytes, long intervalMillis,
            Compression compression, Path bufferDirectory, DeliveryMetrics.Output metrics) {
        this(kind, bucket, keys, sizeBytes, intervalMillis, compression, bufferDirectory, metrics, null);
    }

    S3Output(OutputKind kind, String bucket, ObjectKeys keys, long sizeBytes, long intervalMillis,
            Compression compression, Path bufferDirectory, DeliveryMetrics.Output metrics, ObjectEncoder encoder) {
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
        PartitionBuffer buffer = buffers.computeIfAbsent(tp, k -> new PartitionBuffer());
        if (buffer.open == null) {
            String seed = DeterministicIds.seed(kind.id(), tp.topic(), tp.partition(), segmentStart);
            String key = kind.errorOutputType() != null
                    ? keys.errorKey(arrivalMillis, seed, kind.errorOutputType())
                    : keys.dataKey(arrivalMillis, seed);
            buffer.open = new SpoolFile(bufferDirectory, compression, entryName(key), offset, arrivalMillis, nowMillis);
            buffer.openKey = key;
            buffer.openSegmentStart = segmentStart;
        }
        buffer.open.append(data, offset);
    }

    long intervalMillis() {
        return intervalMillis;
    }

    /** The open buffer of {@code tp} holds SizeInMBs of records. */
    boolean isFull(TopicPartition tp) {
        PartitionBuffer buffer = buffers.get(tp);
        return buffer != null && buffer.open != null && buffer.open.rawBytes() >= sizeBytes;
    }

    /** The open buffer of {@code tp} has waited IntervalInSeconds. */
    boolean isDue(TopicPartition tp, long nowMillis) {
        PartitionBuffer buffer = buffers.get(tp);
        return buffer != null && buffer.open != null && nowMillis - buffer.open.openedAtMillis() >= intervalMillis;
    }

    /** Finishes the open buffer of {@code tp}, if any, into an object waiting to be written. */
    void seal(TopicPartition tp) {
        PartitionBuffer buffer = buffers.get(tp);
        if (buffer == null || buffer.open == null) {
            return;
        }
        sealedCount++;
        buffer.open.seal();
        buffer.sealed.addLast(new Pending(buffer.open, buffer.openKey, buffer.openSegmentStart));
        buffer.open = null;
        buffer.openKey = null;
    }

    boolean hasSealed() {
        return sealedCount > 0;
    }

    /**
     * Writes finished objects, oldest first in each partition; on the first failure the rest wait, so a partition's
     * objects land in order. The failure propagates: the caller backs off and tries again, nothing is dropped.
     *
     * @return the number of objects written
     */
    int writeSealed(ObjectWriter writer) {
        int written = 0;
        for (PartitionBuffer buffer : buffers.values()) {
            while (!buffer.sealed.isEmpty()) {
                Pending p = buffer.sealed.peekFirst();
                try {
                    writer.put(bucket, p.key(), objectFile(p), contentType());
                } catch (RuntimeException e) {
                    if (metrics != null) {
                        metrics.failed();
                    }
                    throw e;
                }
                if (metrics != null) {
                    metrics.succeeded(p.spool().records(), size(objectFile(p)));
                }
                buffer.sealed.removeFirst();
                sealedCount--;
                discardPending(p);
                written++;
            }
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
        return buffer.open == null ? OptionalLong.empty() : OptionalLong.of(buffer.openSegmentStart);
    }

    void discard(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            PartitionBuffer buffer = buffers.remove(tp);
            if (buffer != null) {
                sealedCount -= buffer.sealed.size();
                discard(buffer);
            }
        }
    }

    void discardAll() {
        buffers.values().forEach(S3Output::discard);
        buffers.clear();
        sealedCount = 0;
    }

    private static void discard(PartitionBuffer buffer) {
        if (buffer.open != null) {
            buffer.open.discard();
        }
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
            if (buffer.open != null) {
                oldest = Math.min(oldest, buffer.open.firstArrivalMillis());
            }
            for (Pending p : buffer.sealed) {
                oldest = Math.min(oldest, p.spool().firstArrivalMillis());
            }
        }
        return oldest;
    }

    private String contentType() {
        if (encoder != null) {
            return encoder.contentType();
        }
        boolean error = kind.errorOutputType() != null;
        return switch (error ? Compression.UNCOMPRESSED : compression) {
            case UNCOMPRESSED -> error ? "application/x-ndjson" : "application/octet-stream";
            case GZIP -> "application/gzip";
            case ZIP -> "application/zip";
            case SNAPPY, HADOOP_SNAPPY -> "application/octet-stream";
        };
    }

    /** The entry name inside a ZIP object: the object's file name without the extension. */
    private static String entryName(String key) {
        String file = key.substring(key.lastIndexOf('/') + 1);
        return file.endsWith(".zip") ? file.substring(0, file.length() - 4) : file;
    }
}

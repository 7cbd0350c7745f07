package io.millrace.firehose.buffer;

import io.millrace.firehose.compression.Compression;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The records of one future S3 object, compressed into a local temporary file as they arrive, so that a buffer
 * of up to 128 MiB per partition costs disk, not heap. Knows the Kafka offsets it holds: the first one names the
 * object and bounds what may be committed.
 */
public final class SpoolFile {
    private final Path path;
    private final OutputStream out;
    private final long firstOffset;
    private final long firstArrivalMillis;
    private final long openedAtMillis;
    private long lastOffset;
    private long rawBytes;
    private long records;
    private boolean sealed;

    /**
     * @param entryName the single entry's name inside a ZIP object
     * @param firstArrivalMillis arrival time of the first record, which names the object
     */
    public SpoolFile(
            Path directory,
            Compression compression,
            String entryName,
            long firstOffset,
            long firstArrivalMillis,
            long openedAtMillis) {
        this(directory, compression, entryName, firstOffset, firstArrivalMillis, openedAtMillis, 64 * 1024);
    }

    /**
     * @param writeBufferBytes the in-memory write buffer: smaller when many buffers are open at once (dynamic
     *     partitioning keeps up to its active partition limit open per partition)
     */
    public SpoolFile(
            Path directory,
            Compression compression,
            String entryName,
            long firstOffset,
            long firstArrivalMillis,
            long openedAtMillis,
            int writeBufferBytes) {
        try {
            Files.createDirectories(directory);
            this.path = Files.createTempFile(directory, "firehose-", ".spool");
            this.out = compression.wrap(
                    new BufferedOutputStream(Files.newOutputStream(path), writeBufferBytes), entryName);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a buffer file in " + directory, e);
        }
        this.firstOffset = firstOffset;
        this.lastOffset = firstOffset;
        this.firstArrivalMillis = firstArrivalMillis;
        this.openedAtMillis = openedAtMillis;
    }

    public void append(byte[] data, long offset) {
        if (sealed) {
            throw new IllegalStateException("append to a sealed buffer");
        }
        try {
            out.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write buffer file " + path, e);
        }
        rawBytes += data.length;
        records++;
        lastOffset = offset;
    }

    /** Finishes the compressed stream; the file then holds the complete object. */
    public void seal() {
        if (sealed) {
            return;
        }
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot finish buffer file " + path, e);
        }
        sealed = true;
    }

    public void discard() {
        try {
            if (!sealed) {
                out.close();
            }
        } catch (IOException ignored) {
            // The file is deleted next; a failed close changes nothing.
        }
        sealed = true;
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // A leftover temp file is harmless; the directory is the operator's.
        }
    }

    public Path path() {
        return path;
    }

    public long objectBytes() {
        try {
            return Files.size(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean isSealed() {
        return sealed;
    }

    public long firstOffset() {
        return firstOffset;
    }

    public long lastOffset() {
        return lastOffset;
    }

    public long firstArrivalMillis() {
        return firstArrivalMillis;
    }

    public long openedAtMillis() {
        return openedAtMillis;
    }

    public long rawBytes() {
        return rawBytes;
    }

    public long records() {
        return records;
    }
}

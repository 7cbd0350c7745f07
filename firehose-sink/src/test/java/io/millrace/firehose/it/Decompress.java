package io.millrace.firehose.it;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.xerial.snappy.Snappy;
import org.xerial.snappy.SnappyFramedInputStream;

/** Readers for each CompressionFormat, written against the formats themselves, not the connector's code. */
final class Decompress {
    private Decompress() {}

    static byte[] gzip(byte[] data) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
            return in.readAllBytes();
        }
    }

    /** The single entry of a ZIP archive; returns its name and content. */
    static Entry zip(byte[] data) throws IOException {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(data))) {
            ZipEntry entry = in.getNextEntry();
            byte[] content = in.readAllBytes();
            if (in.getNextEntry() != null) {
                throw new IOException("more than one entry");
            }
            return new Entry(entry.getName(), content);
        }
    }

    record Entry(String name, byte[] content) {}

    static byte[] snappyFramed(byte[] data) throws IOException {
        try (InputStream in = new SnappyFramedInputStream(new ByteArrayInputStream(data))) {
            return in.readAllBytes();
        }
    }

    /**
     * Hadoop's BlockCompressorStream layout, as SnappyCodec reads it: blocks of [uncompressed length (4 bytes,
     * big-endian)] followed by chunks of [compressed length][snappy raw bytes] until that length is reached.
     */
    static byte[] hadoopSnappy(byte[] data) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            int rawLength;
            try {
                rawLength = in.readInt();
            } catch (EOFException end) {
                return out.toByteArray();
            }
            int produced = 0;
            while (produced < rawLength) {
                byte[] chunk = new byte[in.readInt()];
                in.readFully(chunk);
                byte[] raw = Snappy.uncompress(chunk);
                out.writeBytes(raw);
                produced += raw.length;
            }
        }
    }
}

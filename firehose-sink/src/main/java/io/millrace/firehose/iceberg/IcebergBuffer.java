package io.millrace.firehose.iceberg;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** How the engine holds an Iceberg destination's records in a buffer: length, arrival time, the record's bytes. */
public final class IcebergBuffer {

    record Entry(byte[] data, long arrivalMillis) {}

    private IcebergBuffer() {}

    public static byte[] frame(byte[] data, long arrivalMillis) {
        return ByteBuffer.allocate(12 + data.length)
                .putInt(data.length)
                .putLong(arrivalMillis)
                .put(data)
                .array();
    }

    static List<Entry> read(Path file) {
        List<Entry> entries = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file);
                DataInputStream data = new DataInputStream(new BufferedInputStream(in))) {
            while (true) {
                int length;
                try {
                    length = data.readInt();
                } catch (EOFException end) {
                    return entries;
                }
                long arrival = data.readLong();
                byte[] bytes = new byte[length];
                data.readFully(bytes);
                entries.add(new Entry(bytes, arrival));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the buffer " + file, e);
        }
    }
}

package io.millrace.firehose.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The records of an HTTP endpoint buffer, one line each: the arrival time, a space, the data in base64 (as the
 * request body carries it, so a buffer's size is close to its request's). The OpenSearch destination frames its
 * buffers the same way: the base64 is what its failed-document envelopes carry as rawData.
 */
public final class BufferedRecords {
    /** One buffered record: its data in base64 and when it arrived. */
    public record Entry(long arrivalMillis, String base64) {
        public byte[] data() {
            return java.util.Base64.getDecoder().decode(base64);
        }
    }

    private BufferedRecords() {}

    public static byte[] frame(byte[] data, long arrivalMillis) {
        return (arrivalMillis + " " + java.util.Base64.getEncoder().encodeToString(data) + "\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    public static List<Entry> read(Path file) {
        List<Entry> entries = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                int space = line.indexOf(' ');
                entries.add(new Entry(Long.parseLong(line.substring(0, space)), line.substring(space + 1)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the buffer " + file, e);
        }
        return entries;
    }
}

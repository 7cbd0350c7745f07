package io.millrace.firehose.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.firehose.s3.ObjectWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One S3 object of AWS's failed-delivery envelopes, a JSON object per line, written through a temporary file beside
 * the buffer the records came from (memory stays small whatever the buffer size).
 */
public final class EnvelopeObject {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EnvelopeObject() {}

    public static void put(ObjectWriter writer, String bucket, String key, Path buffer, List<ObjectNode> envelopes) {
        Path file = buffer.resolveSibling(buffer.getFileName() + ".failed");
        try {
            try (OutputStream out = Files.newOutputStream(file)) {
                for (ObjectNode envelope : envelopes) {
                    out.write(JSON.writeValueAsBytes(envelope));
                    out.write('\n');
                }
            }
            writer.put(bucket, key, file, Optional.empty());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // A leftover temp file is harmless; the directory is the operator's.
            }
        }
    }
}

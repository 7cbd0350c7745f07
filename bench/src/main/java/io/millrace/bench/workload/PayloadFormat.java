package io.millrace.bench.workload;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a record names itself (its batch id and its index in the batch) inside payloads of exactly the record size:
 * a 16-byte binary header before random bytes, or one flat JSON object for the destinations that parse records
 * into columns or documents (Iceberg, OpenSearch).
 */
public enum PayloadFormat {
    /** Batch id (8 bytes), index (4 bytes), then the template's random bytes. */
    BINARY(16) {
        @Override
        public byte[] template(int size) {
            return Payloads.randomBytes(size);
        }

        @Override
        public byte[] payload(byte[] template, long batchId, int index) {
            byte[] payload = template.clone();
            ByteBuffer.wrap(payload).putLong(batchId).putInt(index);
            return payload;
        }
    },
    /**
     * {@code {"batch":<id>,"index":<i>,"pad":"<random letters>"}}, padded to the record size (at least 64
     * bytes: the longest head, a 19-digit batch id and a 3-digit index, and the closing quote and brace); random letters so that no compression on the way flatters the figures much.
     */
    JSON(64) {
        @Override
        public byte[] template(int size) {
            byte[] letters = new byte[size];
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 0; i < size; i++) {
                letters[i] = (byte) ('a' + random.nextInt(26));
            }
            return letters;
        }

        @Override
        public byte[] payload(byte[] template, long batchId, int index) {
            byte[] head = ("{\"batch\":" + batchId + ",\"index\":" + index + ",\"pad\":\"")
                    .getBytes(StandardCharsets.US_ASCII);
            byte[] payload = template.clone();
            System.arraycopy(head, 0, payload, 0, head.length);
            payload[payload.length - 2] = '"';
            payload[payload.length - 1] = '}';
            return payload;
        }
    };

    private final int minBytes;

    PayloadFormat(int minBytes) {
        this.minBytes = minBytes;
    }

    /** The smallest record size the format can name a record in. */
    public int minBytes() {
        return minBytes;
    }

    /** One writer thread's filler of {@code size} bytes, copied into every payload. */
    public abstract byte[] template(int size);

    /** A payload naming record {@code index} of batch {@code batchId}, of the template's size. */
    public abstract byte[] payload(byte[] template, long batchId, int index);
}

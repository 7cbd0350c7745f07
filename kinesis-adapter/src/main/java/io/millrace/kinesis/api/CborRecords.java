package io.millrace.kinesis.api;

import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import io.millrace.kinesis.model.sse.RecordEnvelope;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The {@code Records} array in CBOR, each record's map written as bytes around its blobs instead of member by member
 * through the generator: its checks and state changes per member were a tenth of the read threads' CPU in a profile
 * of GetRecords (1 KiB records, SDK v2 with CBOR), and field names are constants. The same document as the
 * generator writes (RFC 8949: text keys, the sequence number as a text string, {@code Data} a byte string, the
 * partition key a text string of its UTF-8 bytes), except that the array is of indefinite length and each map of
 * definite length: the generator checks a sized array's element count, which raw maps do not advance. The
 * timestamp still goes through the codec's serializer, so that AWS's CBOR (epoch milliseconds) and any other CBOR
 * flavour keep their own form.
 */
final class CborRecords {

    private static final int MAJOR_BYTES = 0x40;
    private static final int MAJOR_TEXT = 0x60;
    private static final int MAP_OF_FOUR = 0xA4;
    private static final int MAP_OF_FIVE = 0xA5;

    private static final byte[] SEQUENCE_NUMBER = text("SequenceNumber");
    private static final byte[] ARRIVAL = text("ApproximateArrivalTimestamp");
    private static final byte[] DATA = text("Data");
    private static final byte[] PARTITION_KEY = text("PartitionKey");
    /** Record.EncryptionType KMS, key and value, for a record stored encrypted (see RecordOpener). */
    private static final byte[] ENCRYPTION_KMS = concat(text("EncryptionType"), text("KMS"));

    /** The map's head up to the timestamp: at most 1 + 15 + 2 + 63 digits + 29 bytes. */
    private final byte[] head = new byte[128];
    /** A blob's key and length: at most 13 + 5 bytes. */
    private final byte[] member = new byte[32];

    private final CBORGenerator gen;
    private final SequenceNumberDigits sequences;
    private final JsonSerializer<Object> timestamps;
    private final SerializerProvider provider;

    CborRecords(
            CBORGenerator gen,
            SequenceNumberDigits sequences,
            JsonSerializer<Object> timestamps,
            SerializerProvider provider) {
        this.gen = gen;
        this.sequences = sequences;
        this.timestamps = timestamps;
        this.provider = provider;
    }

    void write(List<? extends ConsumerRecord<?, ?>> records) throws IOException {
        gen.writeStartArray();
        for (ConsumerRecord<?, ?> record : records) {
            boolean encrypted = record.headers().lastHeader(RecordEnvelope.HEADER) != null;
            int at = 0;
            head[at++] = (byte) (encrypted ? MAP_OF_FIVE : MAP_OF_FOUR);
            at = put(SEQUENCE_NUMBER, head, at);
            int digits = sequences.write(record.offset(), record.timestamp() / 1000);
            at = header(MAJOR_TEXT, digits, head, at);
            System.arraycopy(sequences.digits(), 0, head, at, digits);
            at += digits;
            at = put(ARRIVAL, head, at);
            gen.writeBytes(head, 0, at);
            // A value written by the generator inside the indefinite array: its context accepts any number of them.
            timestamps.serialize(Instant.ofEpochMilli(record.timestamp()), gen, provider);
            blob(DATA, MAJOR_BYTES, record.value());
            blob(PARTITION_KEY, MAJOR_TEXT, record.key());
            if (encrypted) {
                gen.writeBytes(ENCRYPTION_KMS, 0, ENCRYPTION_KMS.length);
            }
        }
        gen.writeEndArray();
    }

    /** A member whose value is a byte or text string of the given bytes (absent: empty). */
    private void blob(byte[] key, int major, Object value) throws IOException {
        int at = put(key, member, 0);
        if (value == null) {
            member[at++] = (byte) major;
            gen.writeBytes(member, 0, at);
        } else if (value instanceof byte[] bytes) {
            gen.writeBytes(member, 0, header(major, bytes.length, member, at));
            gen.writeBytes(bytes, 0, bytes.length);
        } else {
            ByteBuffer buffer = (ByteBuffer) value;
            int length = buffer.remaining();
            gen.writeBytes(member, 0, header(major, length, member, at));
            if (buffer.hasArray()) {
                gen.writeBytes(buffer.array(), buffer.arrayOffset() + buffer.position(), length);
            } else {
                byte[] copy = new byte[length];
                buffer.duplicate().get(copy);
                gen.writeBytes(copy, 0, length);
            }
        }
    }

    /** The head of a string of {@code length} bytes, in the shortest form (RFC 8949, 3.1). */
    static int header(int major, int length, byte[] out, int at) {
        if (length < 24) {
            out[at++] = (byte) (major | length);
        } else if (length < 0x100) {
            out[at++] = (byte) (major | 24);
            out[at++] = (byte) length;
        } else if (length < 0x10000) {
            out[at++] = (byte) (major | 25);
            out[at++] = (byte) (length >> 8);
            out[at++] = (byte) length;
        } else {
            out[at++] = (byte) (major | 26);
            out[at++] = (byte) (length >> 24);
            out[at++] = (byte) (length >> 16);
            out[at++] = (byte) (length >> 8);
            out[at++] = (byte) length;
        }
        return at;
    }

    private static int put(byte[] bytes, byte[] out, int at) {
        System.arraycopy(bytes, 0, out, at, bytes.length);
        return at + bytes.length;
    }

    private static byte[] text(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[utf8.length + 5];
        int at = header(MAJOR_TEXT, utf8.length, out, 0);
        System.arraycopy(utf8, 0, out, at, utf8.length);
        return Arrays.copyOf(out, at + utf8.length);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] out = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, out, first.length, second.length);
        return out;
    }
}

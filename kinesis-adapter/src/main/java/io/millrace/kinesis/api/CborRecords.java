package io.millrace.kinesis.api;

import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import io.millrace.gateway.protocol.CborTimestampBytes;
import io.millrace.kinesis.model.sse.RecordEnvelope;
import io.millrace.kinesis.storage.RecordRun;
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

    /**
     * The map's head up to the {@code Data} blob's length: 1 + 15 + 2 + 63 digits + 28 + a timestamp of at most 10
     * + 5 + 5 bytes.
     */
    private final byte[] head = new byte[160];
    /**
     * The partition key member and what follows it: 13 + 3 bytes, the key (AWS allows 256 Unicode characters, at
     * most 1,024 bytes in UTF-8; larger keys are written on their own) and EncryptionType.
     */
    private final byte[] tail = new byte[16 + 1024 + 32];

    private final CBORGenerator gen;
    private final SequenceNumberDigits sequences;
    private final JsonSerializer<Object> timestamps;
    /** The codec's timestamp serializer as bytes, when it offers them: no Instant or generator call per record. */
    private final CborTimestampBytes timestampBytes;

    private final SerializerProvider provider;

    CborRecords(
            CBORGenerator gen,
            SequenceNumberDigits sequences,
            JsonSerializer<Object> timestamps,
            SerializerProvider provider) {
        this.gen = gen;
        this.sequences = sequences;
        this.timestamps = timestamps;
        this.timestampBytes = timestamps instanceof CborTimestampBytes bytes ? bytes : null;
        this.provider = provider;
    }

    /**
     * Each record in three writes at most: its head up to the length of {@code Data}, the data as fetched, then the
     * partition key (and EncryptionType): the generator's buffer takes them as they are.
     */
    void write(List<? extends ConsumerRecord<?, ?>> records) throws IOException {
        gen.writeStartArray();
        for (ConsumerRecord<?, ?> record : records) {
            boolean encrypted = record.headers().lastHeader(RecordEnvelope.HEADER) != null;
            Object value = record.value();
            writeHead(record.offset(), record.timestamp(), encrypted, (int) RecordsShape.length(value));
            contents(value);
            writeTail(record.key(), encrypted);
        }
        gen.writeEndArray();
    }

    /** The same, from records as fetched (none encrypted: the fetch path leaves records with headers alone). */
    void write(RecordRun run) throws IOException {
        gen.writeStartArray();
        for (int i = 0; i < run.size(); i++) {
            byte[] array = run.array(i);
            int valueLength = Math.max(0, run.valueLength(i));
            writeHead(run.offset(i), run.timestamp(i), false, valueLength);
            gen.writeBytes(array, run.valueAt(i), valueLength);
            int keyLength = Math.max(0, run.keyLength(i));
            int at = put(PARTITION_KEY, tail, 0);
            at = header(MAJOR_TEXT, keyLength, tail, at);
            if (at + keyLength > tail.length) {
                gen.writeBytes(tail, 0, at);
                gen.writeBytes(array, run.keyAt(i), keyLength);
                continue;
            }
            System.arraycopy(array, run.keyAt(i), tail, at, keyLength);
            gen.writeBytes(tail, 0, at + keyLength);
        }
        gen.writeEndArray();
    }

    /** The record's map up to the length of its {@code Data}, written. */
    private void writeHead(long offset, long timestamp, boolean encrypted, int valueLength) throws IOException {
        int at = 0;
        head[at++] = (byte) (encrypted ? MAP_OF_FIVE : MAP_OF_FOUR);
        at = put(SEQUENCE_NUMBER, head, at);
        int digits = sequences.write(offset, timestamp / 1000);
        at = header(MAJOR_TEXT, digits, head, at);
        System.arraycopy(sequences.digits(), 0, head, at, digits);
        at += digits;
        at = put(ARRIVAL, head, at);
        if (timestampBytes == null) {
            gen.writeBytes(head, 0, at);
            // A value written by the generator inside the indefinite array: its context accepts any number.
            timestamps.serialize(Instant.ofEpochMilli(timestamp), gen, provider);
            at = 0;
        } else {
            at = timestampBytes.write(timestamp, head, at);
        }
        at = put(DATA, head, at);
        at = header(MAJOR_BYTES, valueLength, head, at);
        gen.writeBytes(head, 0, at);
    }

    /** PartitionKey, a text string of the key's bytes (absent: empty), and EncryptionType when encrypted. */
    private void writeTail(Object key, boolean encrypted) throws IOException {
        int length = (int) RecordsShape.length(key);
        int at = put(PARTITION_KEY, tail, 0);
        at = header(MAJOR_TEXT, length, tail, at);
        if (at + length + ENCRYPTION_KMS.length > tail.length) {
            gen.writeBytes(tail, 0, at);
            contents(key);
            at = 0;
        } else if (key instanceof byte[] bytes) {
            System.arraycopy(bytes, 0, tail, at, length);
            at += length;
        } else if (key != null) {
            ((ByteBuffer) key).get(((ByteBuffer) key).position(), tail, at, length);
            at += length;
        }
        if (encrypted) {
            at = put(ENCRYPTION_KMS, tail, at);
        }
        gen.writeBytes(tail, 0, at);
    }

    /** The bytes of a key or value (nothing when absent), without moving a buffer's position. */
    private void contents(Object blob) throws IOException {
        if (blob == null) {
            return;
        }
        if (blob instanceof byte[] bytes) {
            gen.writeBytes(bytes, 0, bytes.length);
            return;
        }
        ByteBuffer buffer = (ByteBuffer) blob;
        int length = buffer.remaining();
        if (buffer.hasArray()) {
            gen.writeBytes(buffer.array(), buffer.arrayOffset() + buffer.position(), length);
        } else {
            byte[] copy = new byte[length];
            buffer.get(buffer.position(), copy);
            gen.writeBytes(copy, 0, length);
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

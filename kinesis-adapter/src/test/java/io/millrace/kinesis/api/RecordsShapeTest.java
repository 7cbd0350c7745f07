package io.millrace.kinesis.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.protocol.WireCodec;
import io.millrace.gateway.protocol.WireFormat;
import io.millrace.kinesis.model.SequenceNumber;
import io.millrace.kinesis.model.sse.RecordEnvelope;
import io.millrace.kinesis.storage.RecordRun;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Records member written from Kafka records decodes to the same document as one built member by member (what
 * the SDKs parse), in every wire format: blobs at each length where CBOR's length head changes size, absent and
 * Unicode keys up to AWS's longest and beyond, buffers with and without an array, encrypted records, offsets far
 * apart, timestamps written as the codec's bytes.
 */
class RecordsShapeTest {

    private static final long CREATED = 1_764_000_000L;
    private static final int SHARD = 5;
    /** Blob sizes at each length where CBOR's length head changes size. */
    private static final int[] SIZES = {0, 1, 23, 24, 255, 256, 1024, 65_535, 65_536, 200_000};
    /** The longest AWS key (256 characters of 4 UTF-8 bytes) and a longer one, which CBOR writes on its own. */
    private static final String[] KEYS = {
        "k", "", "clé-😀", "x".repeat(23), "y".repeat(24), "z".repeat(256), null, "😀".repeat(256), "w".repeat(2000)
    };

    private final WireCodec codec = new WireCodec();

    @ParameterizedTest
    @EnumSource(
            value = WireFormat.class,
            names = {"JSON", "CBOR", "RPC_V2_CBOR"})
    void decodesAsTheMemberByMemberDocument(WireFormat format) {
        SplittableRandom random = new SplittableRandom(7);
        int[] sizes = SIZES;
        String[] keys = KEYS;
        List<ConsumerRecord<Object, Object>> records = new ArrayList<>();
        long offset = 0;
        for (int i = 0; i < 60; i++) {
            byte[] data = new byte[sizes[i % sizes.length]];
            random.nextBytes(data);
            String key = keys[i % keys.length];
            byte[] keyBytes = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
            RecordHeaders headers = new RecordHeaders();
            if (i % 11 == 3) {
                headers.add(RecordEnvelope.HEADER, new byte[] {1});
            }
            offset += i % 9 == 0 ? 1_000_000_007L : 1;
            records.add(new ConsumerRecord<>(
                    "s",
                    SHARD,
                    offset,
                    CREATED * 1000 + random.nextLong(0, 5_000_000),
                    TimestampType.CREATE_TIME,
                    keyBytes == null ? -1 : keyBytes.length,
                    data.length,
                    holder(keyBytes, i),
                    i % 13 == 4 ? null : holder(data, i + 1),
                    headers,
                    Optional.empty()));
        }
        records.add(new ConsumerRecord<>(
                "s",
                SHARD,
                Long.MAX_VALUE,
                0L,
                TimestampType.CREATE_TIME,
                0,
                0,
                new byte[0],
                new byte[0],
                new RecordHeaders(),
                Optional.empty()));

        assertThat(encodedRecords(format, records)).isEqualTo(expected(format, records));
    }

    /**
     * Records as the fetch path reads them (a {@link RecordRun} pointing into fetched bytes, keys and values side by
     * side, absent ones as -1) decode to the same document as the same records from the consumer.
     */
    @ParameterizedTest
    @EnumSource(
            value = WireFormat.class,
            names = {"JSON", "CBOR", "RPC_V2_CBOR"})
    void recordsAsFetchedDecodeAsTheMemberByMemberDocument(WireFormat format) {
        SplittableRandom random = new SplittableRandom(11);
        byte[] fetched = new byte[4 * 1024 * 1024];
        random.nextBytes(fetched);
        RecordRun run = new RecordRun(10);
        List<ConsumerRecord<Object, Object>> records = new ArrayList<>();
        int at = 3;
        long offset = 17;
        for (int i = 0; i < 40; i++) {
            String key = KEYS[i % KEYS.length];
            byte[] keyBytes = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
            int keyAt = at;
            if (keyBytes != null) {
                System.arraycopy(keyBytes, 0, fetched, at, keyBytes.length);
                at += keyBytes.length;
            }
            int valueLength = i % 13 == 4 ? -1 : SIZES[i % SIZES.length];
            int valueAt = at + random.nextInt(0, 5);
            at = valueAt + Math.max(0, valueLength);
            offset += i % 9 == 0 ? 1_000_000_007L : 1;
            long timestamp = CREATED * 1000 + random.nextLong(0, 5_000_000);
            run.add(offset, timestamp, fetched, keyAt, keyBytes == null ? -1 : keyBytes.length, valueAt, valueLength);
            byte[] value = valueLength < 0 ? null : Arrays.copyOfRange(fetched, valueAt, valueAt + valueLength);
            records.add(new ConsumerRecord<>(
                    "s",
                    SHARD,
                    offset,
                    timestamp,
                    TimestampType.CREATE_TIME,
                    keyBytes == null ? -1 : keyBytes.length,
                    Math.max(0, valueLength),
                    keyBytes,
                    value,
                    new RecordHeaders(),
                    Optional.empty()));
        }
        ObjectNode answer = WireCodec.object();
        answer.putPOJO("Records", new RecordsShape(run, CREATED, SHARD));
        JsonNode decoded = codec.read(format, codec.write(format, answer)).get("Records");
        assertThat(run.size()).isEqualTo(40);
        assertThat(decoded).isEqualTo(expected(format, records));
    }

    @ParameterizedTest
    @EnumSource(
            value = WireFormat.class,
            names = {"JSON", "CBOR"})
    void writesAnEmptyAnswer(WireFormat format) {
        assertThat(encodedRecords(format, List.of())).isEqualTo(expected(format, List.of()));
        assertThat(encodedRecords(format, List.of())).isEmpty();
    }

    @Test
    void cborLengthHeadsAreTheShortestForm() {
        byte[] out = new byte[8];
        assertThat(CborRecords.header(0x40, 23, out, 0)).isEqualTo(1);
        assertThat(out[0]).isEqualTo((byte) 0x57);
        assertThat(CborRecords.header(0x60, 24, out, 0)).isEqualTo(2);
        assertThat(out[0]).isEqualTo((byte) 0x78);
        assertThat(CborRecords.header(0x40, 0xFFFF, out, 0)).isEqualTo(3);
        assertThat(out[0]).isEqualTo((byte) 0x59);
        assertThat(CborRecords.header(0x40, 0x10000, out, 0)).isEqualTo(5);
        assertThat(out).startsWith(0x5A, 0, 1, 0, 0);
    }

    /** Keys and values as the readers hold them: arrays, views of a larger buffer, read-only and whole buffers. */
    private static Object holder(byte[] bytes, int i) {
        if (bytes == null) {
            return null;
        }
        return switch (i % 4) {
            case 0 -> bytes;
            // A decrypted value: a buffer over its whole own array (RecordOpener wraps what it decrypted).
            case 3 -> ByteBuffer.wrap(bytes);
            case 1 -> {
                ByteBuffer fetched = ByteBuffer.allocate(bytes.length + 10);
                fetched.position(7);
                fetched.put(bytes);
                yield fetched.position(7).limit(7 + bytes.length).slice();
            }
            default -> ByteBuffer.wrap(bytes).asReadOnlyBuffer();
        };
    }

    private JsonNode encodedRecords(WireFormat format, List<? extends ConsumerRecord<?, ?>> records) {
        ObjectNode answer = WireCodec.object();
        answer.putPOJO("Records", new RecordsShape(records, CREATED, SHARD));
        answer.put("MillisBehindLatest", 3);
        JsonNode decoded = codec.read(format, codec.write(format, answer));
        assertThat(decoded.get("MillisBehindLatest").asInt()).isEqualTo(3);
        return decoded.get("Records");
    }

    private JsonNode expected(WireFormat format, List<? extends ConsumerRecord<?, ?>> records) {
        ObjectNode answer = WireCodec.object();
        ArrayNode array = answer.putArray("Records");
        for (ConsumerRecord<?, ?> record : records) {
            ObjectNode shape = array.addObject();
            shape.put(
                    "SequenceNumber",
                    SequenceNumber.format(CREATED, SHARD, record.offset(), record.timestamp() / 1000));
            shape.putPOJO("ApproximateArrivalTimestamp", Instant.ofEpochMilli(record.timestamp()));
            shape.put("Data", bytes(record.value()));
            shape.put("PartitionKey", new String(bytes(record.key()), StandardCharsets.UTF_8));
            if (record.headers().lastHeader(RecordEnvelope.HEADER) != null) {
                shape.put("EncryptionType", "KMS");
            }
        }
        return codec.read(format, codec.write(format, answer)).get("Records");
    }

    private static byte[] bytes(Object keyOrValue) {
        if (keyOrValue == null) {
            return new byte[0];
        }
        if (keyOrValue instanceof byte[] bytes) {
            return bytes;
        }
        ByteBuffer buffer = ((ByteBuffer) keyOrValue).duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}

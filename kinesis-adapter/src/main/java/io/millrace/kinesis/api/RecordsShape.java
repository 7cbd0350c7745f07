package io.millrace.kinesis.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import io.millrace.kinesis.model.sse.RecordEnvelope;
import io.millrace.kinesis.storage.RecordRun;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * GetRecords' {@code Records} member (and SubscribeToShardEvent's), written straight from the Kafka records as the response is encoded: a call
 * returns up to 10,000 records, and building a tree node per member first cost more than encoding them. Blobs go
 * out as byte strings in CBOR and base64 in JSON, timestamps through the codec's timestamp serializer. In CBOR the
 * records are written as bytes by {@link CborRecords}; in JSON, member by member through the generator.
 */
public final class RecordsShape implements JsonSerializable {

    // Field names encoded once, not per record: a GetRecords answer writes 40,000 of them.
    private static final SerializableString SEQUENCE_NUMBER = new SerializedString("SequenceNumber");
    private static final SerializableString ARRIVAL = new SerializedString("ApproximateArrivalTimestamp");
    private static final SerializableString DATA = new SerializedString("Data");
    private static final SerializableString PARTITION_KEY = new SerializedString("PartitionKey");
    private static final SerializableString ENCRYPTION_TYPE = new SerializedString("EncryptionType");
    private static final byte[] EMPTY = new byte[0];

    private final List<? extends ConsumerRecord<?, ?>> records;
    /** Records as the fetch path read them, instead of {@code records}; else null. */
    private final RecordRun run;

    private final long shardCreatedSeconds;
    private final int shardIndex;

    /**
     * {@code records} carry keys and values as {@code byte[]} or as {@link ByteBuffer} (GetRecords reads them as
     * views of the fetched data, to avoid copying every value once more before it is encoded).
     */
    public RecordsShape(List<? extends ConsumerRecord<?, ?>> records, long shardCreatedSeconds, int shardIndex) {
        this(records, null, shardCreatedSeconds, shardIndex);
    }

    /** Records read by the fetch path, written from the fetched bytes (none of them encrypted). */
    public RecordsShape(RecordRun run, long shardCreatedSeconds, int shardIndex) {
        this(List.of(), run, shardCreatedSeconds, shardIndex);
    }

    private RecordsShape(
            List<? extends ConsumerRecord<?, ?>> records, RecordRun run, long shardCreatedSeconds, int shardIndex) {
        this.records = records;
        this.run = run;
        this.shardCreatedSeconds = shardCreatedSeconds;
        this.shardIndex = shardIndex;
    }

    @Override
    public void serialize(JsonGenerator gen, SerializerProvider provider) throws IOException {
        // The codec's timestamp serializer, looked up once per answer: defaultSerializeValue searched the
        // serializer cache for every record (about a twentieth of a GetRecords call's CPU in a profile).
        JsonSerializer<Object> timestamps = provider.findValueSerializer(Instant.class);
        SequenceNumberDigits sequences = new SequenceNumberDigits(shardCreatedSeconds, shardIndex);
        if (gen instanceof CBORGenerator cbor) {
            CborRecords writer = new CborRecords(cbor, sequences, timestamps, provider);
            if (run != null) {
                writer.write(run);
            } else {
                writer.write(records);
            }
            return;
        }
        Base64Text base64 = new Base64Text();
        if (run != null) {
            writeJson(gen, provider, timestamps, sequences, base64);
            return;
        }
        gen.writeStartArray(records, records.size());
        for (ConsumerRecord<?, ?> record : records) {
            gen.writeStartObject();
            gen.writeFieldName(SEQUENCE_NUMBER);
            int digits = sequences.write(record.offset(), record.timestamp() / 1000);
            gen.writeUTF8String(sequences.digits(), 0, digits);
            gen.writeFieldName(ARRIVAL);
            timestamps.serialize(Instant.ofEpochMilli(record.timestamp()), gen, provider);
            gen.writeFieldName(DATA);
            base64.write(gen, record.value());
            gen.writeFieldName(PARTITION_KEY);
            writeKey(gen, record.key());
            // Record.EncryptionType: KMS for a record stored encrypted (see RecordOpener), absent otherwise.
            if (record.headers().lastHeader(RecordEnvelope.HEADER) != null) {
                gen.writeFieldName(ENCRYPTION_TYPE);
                gen.writeString("KMS");
            }
            gen.writeEndObject();
        }
        gen.writeEndArray();
    }

    private void writeJson(
            JsonGenerator gen,
            SerializerProvider provider,
            JsonSerializer<Object> timestamps,
            SequenceNumberDigits sequences,
            Base64Text base64)
            throws IOException {
        gen.writeStartArray(run, run.size());
        for (int i = 0; i < run.size(); i++) {
            gen.writeStartObject();
            gen.writeFieldName(SEQUENCE_NUMBER);
            int digits = sequences.write(run.offset(i), run.timestamp(i) / 1000);
            gen.writeUTF8String(sequences.digits(), 0, digits);
            gen.writeFieldName(ARRIVAL);
            timestamps.serialize(Instant.ofEpochMilli(run.timestamp(i)), gen, provider);
            gen.writeFieldName(DATA);
            int valueLength = Math.max(0, run.valueLength(i));
            base64.write(gen, Arrays.copyOfRange(run.array(i), run.valueAt(i), run.valueAt(i) + valueLength));
            gen.writeFieldName(PARTITION_KEY);
            gen.writeUTF8String(run.array(i), run.keyAt(i), Math.max(0, run.keyLength(i)));
            gen.writeEndObject();
        }
        gen.writeEndArray();
    }

    /**
     * Blobs in JSON: base64 by the JDK's encoder (an intrinsic on x86-64), written as a string that needs no
     * escaping. Jackson's own encoder took ten times its CPU (1.6 µs against 0.17 per 1 KiB record, copy included)
     * and made a JSON answer cost several times a CBOR one. Same alphabet and padding, no line breaks, as Jackson's
     * default variant and AWS.
     */
    private static final class Base64Text {
        private static final Base64.Encoder ENCODER = Base64.getEncoder();
        private byte[] text = new byte[4 * 1024];

        void write(JsonGenerator gen, Object value) throws IOException {
            byte[] whole;
            if (value == null) {
                whole = EMPTY;
            } else if (value instanceof byte[] bytes) {
                whole = bytes;
            } else {
                // The encoder takes whole arrays: a view of the fetched buffer is copied out first.
                ByteBuffer buffer = (ByteBuffer) value;
                boolean ownArray = buffer.hasArray()
                        && buffer.arrayOffset() + buffer.position() == 0
                        && buffer.remaining() == buffer.array().length;
                whole = ownArray ? buffer.array() : copy(buffer);
            }
            int length = 4 * ((whole.length + 2) / 3);
            if (text.length < length) {
                text = new byte[Math.max(length, 2 * text.length)];
            }
            int written = ENCODER.encode(whole, text);
            gen.writeRawUTF8String(text, 0, written);
        }
    }

    private static void writeKey(JsonGenerator gen, Object key) throws IOException {
        if (key == null) {
            gen.writeString("");
        } else if (key instanceof byte[] bytes) {
            gen.writeUTF8String(bytes, 0, bytes.length);
        } else {
            ByteBuffer buffer = (ByteBuffer) key;
            if (buffer.hasArray()) {
                gen.writeUTF8String(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
            } else {
                byte[] bytes = copy(buffer);
                gen.writeUTF8String(bytes, 0, bytes.length);
            }
        }
    }

    private static byte[] copy(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    /** Bytes of a key or value as {@code byte[]} or {@link ByteBuffer}; 0 when absent. */
    public static long length(Object keyOrValue) {
        if (keyOrValue == null) {
            return 0;
        }
        return keyOrValue instanceof byte[] bytes ? bytes.length : ((ByteBuffer) keyOrValue).remaining();
    }

    @Override
    public void serializeWithType(JsonGenerator gen, SerializerProvider provider, TypeSerializer typeSer)
            throws IOException {
        serialize(gen, provider);
    }
}

package io.millrace.kinesis.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import io.millrace.schemas.kinesis.SequenceNumber;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * GetRecords' {@code Records} member (and SubscribeToShardEvent's), written straight from the Kafka records as the response is encoded: a call
 * returns up to 10,000 records, and building a tree node per member first cost more than encoding them. Blobs go
 * out as byte strings in CBOR and base64 in JSON, timestamps through the codec's timestamp serializer.
 */
public final class RecordsShape implements JsonSerializable {

    // Field names encoded once, not per record: a GetRecords answer writes 40,000 of them.
    private static final SerializableString SEQUENCE_NUMBER = new SerializedString("SequenceNumber");
    private static final SerializableString ARRIVAL = new SerializedString("ApproximateArrivalTimestamp");
    private static final SerializableString DATA = new SerializedString("Data");
    private static final SerializableString PARTITION_KEY = new SerializedString("PartitionKey");
    private static final byte[] EMPTY = new byte[0];

    private final List<ConsumerRecord<byte[], byte[]>> records;
    private final long shardCreatedSeconds;
    private final int shardIndex;

    public RecordsShape(List<ConsumerRecord<byte[], byte[]>> records, long shardCreatedSeconds, int shardIndex) {
        this.records = records;
        this.shardCreatedSeconds = shardCreatedSeconds;
        this.shardIndex = shardIndex;
    }

    @Override
    public void serialize(JsonGenerator gen, SerializerProvider provider) throws IOException {
        // The codec's timestamp serializer, looked up once per answer: defaultSerializeValue searched the
        // serializer cache for every record (about a twentieth of a GetRecords call's CPU in a profile).
        JsonSerializer<Object> timestamps = provider.findValueSerializer(Instant.class);
        gen.writeStartArray(records, records.size());
        for (ConsumerRecord<byte[], byte[]> record : records) {
            gen.writeStartObject();
            gen.writeFieldName(SEQUENCE_NUMBER);
            gen.writeString(SequenceNumber.format(shardCreatedSeconds, shardIndex,
                    record.offset(), record.timestamp() / 1000));
            gen.writeFieldName(ARRIVAL);
            timestamps.serialize(Instant.ofEpochMilli(record.timestamp()), gen, provider);
            byte[] value = record.value() == null ? EMPTY : record.value();
            gen.writeFieldName(DATA);
            gen.writeBinary(value);
            gen.writeFieldName(PARTITION_KEY);
            byte[] key = record.key();
            if (key == null) {
                gen.writeString("");
            } else {
                gen.writeUTF8String(key, 0, key.length);
            }
            gen.writeEndObject();
        }
        gen.writeEndArray();
    }

    @Override
    public void serializeWithType(JsonGenerator gen, SerializerProvider provider, TypeSerializer typeSer)
            throws IOException {
        serialize(gen, provider);
    }
}

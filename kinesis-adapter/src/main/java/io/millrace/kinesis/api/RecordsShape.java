package io.millrace.kinesis.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializable;
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
        gen.writeStartArray(records, records.size());
        for (ConsumerRecord<byte[], byte[]> record : records) {
            gen.writeStartObject();
            gen.writeStringField("SequenceNumber", SequenceNumber.format(shardCreatedSeconds, shardIndex,
                    record.offset(), record.timestamp() / 1000));
            gen.writeFieldName("ApproximateArrivalTimestamp");
            provider.defaultSerializeValue(Instant.ofEpochMilli(record.timestamp()), gen);
            byte[] value = record.value() == null ? new byte[0] : record.value();
            gen.writeFieldName("Data");
            gen.writeBinary(value);
            gen.writeFieldName("PartitionKey");
            if (record.key() == null) {
                gen.writeString("");
            } else {
                gen.writeUTF8String(record.key(), 0, record.key().length);
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

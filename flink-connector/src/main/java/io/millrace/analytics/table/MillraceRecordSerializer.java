package io.millrace.analytics.table;

import io.millrace.analytics.sse.RecordSealer;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Turns a row into a Kinesis-shaped record: key = partition key, value = encoded row (sealed as PutRecords seals it
 * when the stream is encrypted), timestamp = arrival time. A job's role authorizes the writes in front of it
 * ({@link io.millrace.analytics.access.WriteGuardOperator}).
 */
final class MillraceRecordSerializer implements KafkaRecordSerializationSchema<RowData> {

    private static final long serialVersionUID = 1L;
    /** PutRecord's PartitionKey length limits (Kinesis API reference: 1 to 256 Unicode characters). */
    private static final int MAX_PARTITION_KEY_LENGTH = 256;

    private final SerializationSchema<RowData> valueEncoder;
    private final RowData.FieldGetter[] physicalGetters;
    private final boolean projectPhysical;
    private final int partitionKeyPosition;
    private final int explicitHashKeyPosition;
    private final StreamRouter router;
    private final RecordSealer sealer;

    MillraceRecordSerializer(
            SerializationSchema<RowData> valueEncoder,
            RowData.FieldGetter[] physicalGetters,
            boolean projectPhysical,
            int partitionKeyPosition,
            int explicitHashKeyPosition,
            StreamRouter router,
            RecordSealer sealer) {
        this.valueEncoder = valueEncoder;
        this.physicalGetters = physicalGetters;
        this.projectPhysical = projectPhysical;
        this.partitionKeyPosition = partitionKeyPosition;
        this.explicitHashKeyPosition = explicitHashKeyPosition;
        this.router = router;
        this.sealer = sealer;
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) throws Exception {
        valueEncoder.open(context);
        router.open();
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(RowData row, KafkaSinkContext context, Long timestamp) {
        if (row.isNullAt(partitionKeyPosition)) {
            throw new IllegalArgumentException("partition_key must not be null: Kinesis records need a partition key");
        }
        String partitionKey = row.getString(partitionKeyPosition).toString();
        if (partitionKey.isEmpty() || partitionKey.length() > MAX_PARTITION_KEY_LENGTH) {
            throw new IllegalArgumentException(
                    "partition_key must have 1 to 256 characters, got " + partitionKey.length());
        }
        String explicitHashKey = explicitHashKeyPosition < 0 || row.isNullAt(explicitHashKeyPosition)
                ? null
                : row.getString(explicitHashKeyPosition).toString();
        byte[] value = valueEncoder.serialize(projectPhysical ? physicalPart(row) : row);
        if (value.length > router.maxRecordBytes()) {
            throw new IllegalArgumentException("encoded record of " + value.length + " bytes exceeds the stream's "
                    + "maximum record size of " + router.maxRecordBytes() + " bytes");
        }
        int shard = router.shardFor(partitionKey, explicitHashKey);
        // The arrival time is when the record enters the stream, as the gateway would stamp it.
        return sealer.record(
                router.topic(),
                shard,
                System.currentTimeMillis(),
                partitionKey.getBytes(StandardCharsets.UTF_8),
                value,
                router.encryptionKeyId());
    }

    private RowData physicalPart(RowData row) {
        GenericRowData physical = new GenericRowData(row.getRowKind(), physicalGetters.length);
        for (int i = 0; i < physicalGetters.length; i++) {
            physical.setField(i, physicalGetters[i].getFieldOrNull(row));
        }
        return physical;
    }
}

package io.millrace.analytics.table;

import io.millrace.analytics.access.WriteGuard;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Turns a row into a Kinesis-shaped record: key = partition key, value = encoded row, timestamp = arrival time. */
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
    /** Null when writes are not authorized (no role). */
    private final WriteGuard guard;

    MillraceRecordSerializer(
            SerializationSchema<RowData> valueEncoder,
            RowData.FieldGetter[] physicalGetters,
            boolean projectPhysical,
            int partitionKeyPosition,
            int explicitHashKeyPosition,
            StreamRouter router,
            WriteGuard guard) {
        this.valueEncoder = valueEncoder;
        this.physicalGetters = physicalGetters;
        this.projectPhysical = projectPhysical;
        this.partitionKeyPosition = partitionKeyPosition;
        this.explicitHashKeyPosition = explicitHashKeyPosition;
        this.router = router;
        this.guard = guard;
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) throws Exception {
        valueEncoder.open(context);
        router.open();
        if (guard != null) {
            guard.open();
        }
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(RowData row, KafkaSinkContext context, Long timestamp) {
        if (guard != null) {
            guard.check();
        }
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
        return new ProducerRecord<>(
                router.topic(),
                shard,
                System.currentTimeMillis(),
                partitionKey.getBytes(StandardCharsets.UTF_8),
                value);
    }

    private RowData physicalPart(RowData row) {
        GenericRowData physical = new GenericRowData(row.getRowKind(), physicalGetters.length);
        for (int i = 0; i < physicalGetters.length; i++) {
            physical.setField(i, physicalGetters[i].getFieldOrNull(row));
        }
        return physical;
    }
}

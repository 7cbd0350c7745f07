package io.millrace.analytics.table;

import io.millrace.analytics.access.WriteGuard;
import io.millrace.analytics.access.WriteGuardOperator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.format.EncodingFormat;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.sink.abilities.SupportsWritingMetadata;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeFamily;
import org.apache.flink.table.types.logical.RowType;

/**
 * Writes rows into a Millrace stream as PutRecord would: each row to the open shard whose hash key range holds the
 * MD5 of its partition key (or its explicit hash key). Streams are append-only, so the sink takes inserts only. With
 * the job's role ({@link SinkSettings#access()}) its writes are authorized as that role ({@link WriteGuard}), on a
 * timer as well as per row ({@link WriteGuardOperator}). Into an encrypted stream, rows are sealed as PutRecords seals
 * them ({@link io.millrace.analytics.sse.RecordSealer}).
 */
final class MillraceTableSink implements DynamicTableSink, SupportsWritingMetadata {

    static final String PARTITION_KEY = "partition_key";
    static final String EXPLICIT_HASH_KEY = "explicit_hash_key";

    private final SinkSettings settings;
    private final EncodingFormat<SerializationSchema<RowData>> format;
    private final DataType physicalType;
    private final Integer parallelism;
    private List<String> metadataKeys = List.of();

    MillraceTableSink(
            SinkSettings settings,
            EncodingFormat<SerializationSchema<RowData>> format,
            DataType physicalType,
            Integer parallelism) {
        this.settings = settings;
        this.format = format;
        this.physicalType = physicalType;
        this.parallelism = parallelism;
    }

    @Override
    public ChangelogMode getChangelogMode(ChangelogMode requestedMode) {
        return ChangelogMode.insertOnly();
    }

    @Override
    public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
        RowType physicalRow = (RowType) physicalType.getLogicalType();
        int physicalArity = physicalRow.getFieldCount();
        int partitionKeyPosition = partitionKeyPosition(physicalRow);
        int explicitHashKeyPosition = metadataKeys.indexOf(EXPLICIT_HASH_KEY);
        if (explicitHashKeyPosition >= 0) {
            explicitHashKeyPosition += physicalArity;
        }
        List<LogicalType> fields = physicalRow.getChildren();
        RowData.FieldGetter[] getters = new RowData.FieldGetter[physicalArity];
        for (int i = 0; i < physicalArity; i++) {
            getters[i] = RowData.createFieldGetter(fields.get(i), i);
        }
        SerializationSchema<RowData> encoder = format.createRuntimeEncoder(context, physicalType);
        MillraceRecordSerializer serializer = new MillraceRecordSerializer(
                encoder,
                getters,
                !metadataKeys.isEmpty(),
                partitionKeyPosition,
                explicitHashKeyPosition,
                new StreamRouter(settings),
                settings.sealer());

        Properties properties = new Properties();
        properties.putAll(settings.kafkaProperties());
        KafkaSinkBuilder<RowData> builder = KafkaSink.<RowData>builder()
                .setBootstrapServers(settings.bootstrapServers())
                .setKafkaProducerConfig(properties)
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(settings.deliveryGuarantee());
        if (settings.deliveryGuarantee() == DeliveryGuarantee.EXACTLY_ONCE) {
            builder.setTransactionalIdPrefix(settings.transactionalIdPrefix());
            if (!properties.containsKey("transaction.timeout.ms")) {
                // Flink's 1 h default exceeds the broker's 15 min transaction.max.timeout.ms.
                builder.setProperty("transaction.timeout.ms", "60000");
            }
        }
        KafkaSink<RowData> sink = builder.build();
        return GuardedSinkProvider.of(
                sink,
                settings.access() == null ? null : new WriteGuard(settings.access(), settings.stream()),
                parallelism);
    }

    private int partitionKeyPosition(RowType physicalRow) {
        int metadataPosition = metadataKeys.indexOf(PARTITION_KEY);
        if (metadataPosition >= 0) {
            return physicalRow.getFieldCount() + metadataPosition;
        }
        int physicalPosition = physicalRow.getFieldNames().indexOf(settings.partitionKeyField());
        if (physicalPosition < 0) {
            throw new ValidationException(
                    "Millrace sink into stream '" + settings.stream() + "' needs a partition key: "
                            + "declare 'partition_key STRING METADATA' or a physical column named by 'sink.partition-key.field' ("
                            + settings.partitionKeyField() + ")");
        }
        if (!physicalRow.getTypeAt(physicalPosition).is(LogicalTypeFamily.CHARACTER_STRING)) {
            throw new ValidationException(
                    "partition key column '" + settings.partitionKeyField() + "' must be a string");
        }
        return physicalPosition;
    }

    @Override
    public Map<String, DataType> listWritableMetadata() {
        Map<String, DataType> columns = new LinkedHashMap<>();
        columns.put(PARTITION_KEY, DataTypes.STRING());
        columns.put(EXPLICIT_HASH_KEY, DataTypes.STRING());
        return columns;
    }

    @Override
    public void applyWritableMetadata(List<String> metadataKeys, DataType consumedDataType) {
        this.metadataKeys = List.copyOf(metadataKeys);
    }

    @Override
    public DynamicTableSink copy() {
        MillraceTableSink copy = new MillraceTableSink(settings, format, physicalType, parallelism);
        copy.metadataKeys = metadataKeys;
        return copy;
    }

    @Override
    public String asSummaryString() {
        return "Millrace stream " + settings.stream();
    }
}

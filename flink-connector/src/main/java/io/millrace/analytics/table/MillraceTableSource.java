package io.millrace.analytics.table;

import io.millrace.analytics.source.MillraceSource;
import io.millrace.analytics.source.StartingPosition;
import io.millrace.analytics.source.StoppingPosition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.ProviderContext;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.source.DataStreamScanProvider;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.abilities.SupportsReadingMetadata;
import org.apache.flink.table.connector.source.abilities.SupportsWatermarkPushDown;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalType;

/**
 * A Millrace stream read through {@link MillraceSource}: one split per shard (partition), so watermarks pushed down
 * here are tracked per shard; shards added by a reshard are found on the discovery interval and read after their
 * parents.
 */
final class MillraceTableSource implements ScanTableSource, SupportsReadingMetadata, SupportsWatermarkPushDown {

    private final SourceSettings settings;
    private final DecodingFormat<DeserializationSchema<RowData>> format;
    private final DataType physicalType;
    private List<ReadableMetadata> metadata = List.of();
    private DataType producedType;
    private WatermarkStrategy<RowData> watermarkStrategy = WatermarkStrategy.noWatermarks();

    MillraceTableSource(
            SourceSettings settings, DecodingFormat<DeserializationSchema<RowData>> format, DataType physicalType) {
        this.settings = settings;
        this.format = format;
        this.physicalType = physicalType;
        this.producedType = physicalType;
    }

    @Override
    public ChangelogMode getChangelogMode() {
        return format.getChangelogMode();
    }

    @Override
    public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
        DeserializationSchema<RowData> decoder = format.createRuntimeDecoder(context, physicalType);
        List<LogicalType> physicalFields = physicalType.getLogicalType().getChildren();
        RowData.FieldGetter[] getters = new RowData.FieldGetter[physicalFields.size()];
        for (int i = 0; i < getters.length; i++) {
            getters[i] = RowData.createFieldGetter(physicalFields.get(i), i);
        }
        TypeInformation<RowData> typeInfo = context.createTypeInformation(producedType);
        MillraceSource<RowData> source = buildSource(
                new MillraceRecordDeserializer(decoder, getters, metadata, typeInfo, new ShardCreationTimes(settings)));
        WatermarkStrategy<RowData> strategy = watermarkStrategy;
        String name = "Millrace[" + settings.stream() + "]";
        return new DataStreamScanProvider() {
            @Override
            public DataStream<RowData> produceDataStream(ProviderContext provider, StreamExecutionEnvironment env) {
                // With checkpoints, a child shard also waits until every operator has processed its parents' records.
                boolean checkpoints = env.getCheckpointConfig().isCheckpointingEnabled();
                DataStreamSource<RowData> stream =
                        env.fromSource(source.withChildrenAfterCheckpoint(checkpoints), strategy, name);
                provider.generateUid("millrace-source").ifPresent(stream::uid);
                return stream;
            }

            @Override
            public boolean isBounded() {
                return source.getBoundedness() == Boundedness.BOUNDED;
            }
        };
    }

    private MillraceSource<RowData> buildSource(MillraceRecordDeserializer deserializer) {
        StartingPosition start = switch (settings.startupMode()) {
            case TRIM_HORIZON -> StartingPosition.trimHorizon();
            case LATEST -> StartingPosition.latest();
            case AT_TIMESTAMP -> StartingPosition.atTimestamp(settings.startupTimestampMillis());
        };
        StoppingPosition stop = switch (settings.boundedMode()) {
            case UNBOUNDED -> StoppingPosition.unbounded();
            case LATEST -> StoppingPosition.latest();
            case AT_TIMESTAMP -> StoppingPosition.atTimestamp(settings.boundedTimestampMillis());
        };
        MillraceSource<RowData> source = MillraceSource.of(
                        settings.bootstrapServers(),
                        settings.stream(),
                        settings.topic(),
                        settings.kafkaProperties(),
                        settings.metadataTopic(),
                        start,
                        stop,
                        deserializer)
                .withShardDiscoveryInterval(settings.shardDiscoveryInterval());
        if (settings.access() != null) {
            source = source.withReadAccess(settings.access());
        }
        return settings.decryption().isEmpty() ? source : source.withDecryption(settings.decryption());
    }

    @Override
    public Map<String, DataType> listReadableMetadata() {
        Map<String, DataType> columns = new LinkedHashMap<>();
        for (ReadableMetadata m : ReadableMetadata.values()) {
            columns.put(m.key(), m.type());
        }
        return columns;
    }

    @Override
    public void applyReadableMetadata(List<String> metadataKeys, DataType producedDataType) {
        List<ReadableMetadata> requested = new ArrayList<>();
        for (String key : metadataKeys) {
            requested.add(ReadableMetadata.ofKey(key));
        }
        this.metadata = List.copyOf(requested);
        this.producedType = producedDataType;
    }

    @Override
    public void applyWatermark(WatermarkStrategy<RowData> watermarkStrategy) {
        this.watermarkStrategy = watermarkStrategy;
    }

    @Override
    public DynamicTableSource copy() {
        MillraceTableSource copy = new MillraceTableSource(settings, format, physicalType);
        copy.metadata = metadata;
        copy.producedType = producedType;
        copy.watermarkStrategy = watermarkStrategy;
        return copy;
    }

    @Override
    public String asSummaryString() {
        return "Millrace stream " + settings.stream();
    }
}

package io.millrace.analytics.table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
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
 * A Millrace stream read through Flink's KafkaSource: one split per shard (partition), so watermarks pushed down
 * here are tracked per shard, and new shards from resharding are picked up by partition discovery.
 */
final class MillraceTableSource implements ScanTableSource, SupportsReadingMetadata, SupportsWatermarkPushDown {

  private final SourceSettings settings;
  private final DecodingFormat<DeserializationSchema<RowData>> format;
  private final DataType physicalType;
  private List<ReadableMetadata> metadata = List.of();
  private DataType producedType;
  private WatermarkStrategy<RowData> watermarkStrategy = WatermarkStrategy.noWatermarks();

  MillraceTableSource(SourceSettings settings, DecodingFormat<DeserializationSchema<RowData>> format,
      DataType physicalType) {
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
    KafkaSource<RowData> source = buildSource(new MillraceRecordDeserializer(decoder, getters, metadata, typeInfo,
        new ShardCreationTimes(settings)));
    WatermarkStrategy<RowData> strategy = watermarkStrategy;
    String name = "Millrace[" + settings.stream() + "]";
    return new DataStreamScanProvider() {
      @Override
      public DataStream<RowData> produceDataStream(ProviderContext provider, StreamExecutionEnvironment env) {
        DataStreamSource<RowData> stream = env.fromSource(source, strategy, name);
        provider.generateUid("millrace-source").ifPresent(stream::uid);
        return stream;
      }

      @Override
      public boolean isBounded() {
        return source.getBoundedness() == Boundedness.BOUNDED;
      }
    };
  }

  private KafkaSource<RowData> buildSource(MillraceRecordDeserializer deserializer) {
    Properties properties = new Properties();
    properties.putAll(settings.kafkaProperties());
    KafkaSourceBuilder<RowData> builder = KafkaSource.<RowData>builder()
        .setBootstrapServers(settings.bootstrapServers())
        .setTopics(settings.topic())
        .setProperties(properties)
        .setDeserializer(deserializer)
        .setStartingOffsets(startingOffsets());
    switch (settings.boundedMode()) {
      case LATEST -> builder.setBounded(OffsetsInitializer.latest());
      case AT_TIMESTAMP -> builder.setBounded(OffsetsInitializer.timestamp(settings.boundedTimestampMillis()));
      case UNBOUNDED -> builder.setProperty("partition.discovery.interval.ms",
          Long.toString(settings.shardDiscoveryInterval().toMillis()));
    }
    if (!properties.containsKey("group.id")) {
      // Offsets live in Flink checkpoints; a group id only labels the consumer for operators.
      builder.setGroupId("millrace-analytics-" + settings.stream());
      builder.setProperty("commit.offsets.on.checkpoint", "false");
    }
    return builder.build();
  }

  private OffsetsInitializer startingOffsets() {
    return switch (settings.startupMode()) {
      case TRIM_HORIZON -> OffsetsInitializer.earliest();
      case LATEST -> OffsetsInitializer.latest();
      case AT_TIMESTAMP -> OffsetsInitializer.timestamp(settings.startupTimestampMillis());
    };
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

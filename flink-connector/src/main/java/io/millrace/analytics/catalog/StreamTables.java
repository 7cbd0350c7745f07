package io.millrace.analytics.catalog;

import io.millrace.analytics.table.MillraceDynamicTableFactory;
import io.millrace.analytics.table.MillraceOptions;
import io.millrace.schemas.kinesis.StreamMetadata;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.factories.FactoryUtil;

/**
 * The table a stream shows in the catalog. A stream carries no schema (its records are opaque blobs), so the table
 * has the blob as {@code data BYTES} plus the record's metadata; typed columns come from a DDL table over the same
 * stream, or from JSON functions on {@code CAST(data AS STRING)}.
 */
final class StreamTables {

    static final String ARRIVAL = "approximate_arrival_timestamp";

    private final String bootstrapServers;
    private final String topicPrefix;
    private final String metadataTopic;
    private final MillraceOptions.StartupMode startupMode;
    private final Duration watermarkDelay;

    StreamTables(
            String bootstrapServers,
            String topicPrefix,
            String metadataTopic,
            MillraceOptions.StartupMode startupMode,
            Duration watermarkDelay) {
        this.bootstrapServers = bootstrapServers;
        this.topicPrefix = topicPrefix;
        this.metadataTopic = metadataTopic;
        this.startupMode = startupMode;
        this.watermarkDelay = watermarkDelay;
    }

    CatalogTable of(StreamMetadata stream) {
        long millis = watermarkDelay.toMillis();
        Schema schema = Schema.newBuilder()
                .column("data", DataTypes.BYTES())
                .columnByMetadata("partition_key", DataTypes.STRING())
                .columnByMetadata("shard_id", DataTypes.STRING(), true)
                .columnByMetadata(ARRIVAL, DataTypes.TIMESTAMP_LTZ(3), true)
                .columnByMetadata("offset", DataTypes.BIGINT(), true)
                .columnByMetadata("sequence_number", DataTypes.STRING(), true)
                .watermark(
                        ARRIVAL, String.format("%s - INTERVAL '%d.%03d' SECOND", ARRIVAL, millis / 1000, millis % 1000))
                .build();
        Map<String, String> options = new HashMap<>();
        options.put(FactoryUtil.CONNECTOR.key(), MillraceDynamicTableFactory.IDENTIFIER);
        options.put(MillraceOptions.STREAM.key(), stream.getName().toString());
        options.put(FactoryUtil.FORMAT.key(), "raw");
        options.put(MillraceOptions.BOOTSTRAP_SERVERS.key(), bootstrapServers);
        options.put(MillraceOptions.TOPIC_PREFIX.key(), topicPrefix);
        options.put(MillraceOptions.METADATA_TOPIC.key(), metadataTopic);
        options.put(MillraceOptions.SCAN_STARTUP_MODE.key(), startupMode.toString());
        return CatalogTable.newBuilder()
                .schema(schema)
                .comment("Millrace stream " + stream.getName() + " ("
                        + stream.getShards().size() + " shards)")
                .options(options)
                .build();
    }
}

package io.millrace.firehose.config;

import java.util.List;
import org.apache.kafka.common.config.ConfigException;

/**
 * Where the partitions a dynamically partitioned destination writes are registered ({@link GluePartitionKeys}).
 *
 * @param partitionKeys the table's PartitionKeys, in its order
 */
public record GluePartitionSettings(
        List<String> partitionKeys,
        String database,
        String table,
        String catalogId,
        String endpoint,
        String region,
        String accessKeyId,
        String secretAccessKey) {

    public GluePartitionSettings {
        partitionKeys = List.copyOf(partitionKeys);
    }

    /** The settings of {@code config}, or null when it registers no partition. */
    public static GluePartitionSettings from(FirehoseSinkConfig config) {
        List<String> keys = config.getList(GluePartitionKeys.PARTITION_KEYS);
        if (keys.isEmpty() || !config.dynamicPartitioning()) {
            return null;
        }
        if (config.getString(GluePartitionKeys.DATABASE).isEmpty()
                || config.getString(GluePartitionKeys.TABLE).isEmpty()) {
            throw new ConfigException(
                    GluePartitionKeys.PARTITION_KEYS,
                    keys,
                    "needs " + GluePartitionKeys.DATABASE + " and " + GluePartitionKeys.TABLE);
        }
        String region = config.getString(GluePartitionKeys.REGION);
        return new GluePartitionSettings(
                keys,
                config.getString(GluePartitionKeys.DATABASE),
                config.getString(GluePartitionKeys.TABLE),
                config.getString(GluePartitionKeys.CATALOG_ID),
                config.getString(GluePartitionKeys.ENDPOINT),
                region.isEmpty() ? config.s3Region() : region,
                config.accessKeyId(),
                config.secretAccessKey());
    }
}

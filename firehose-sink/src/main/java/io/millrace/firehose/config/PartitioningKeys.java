package io.millrace.firehose.config;

import io.millrace.firehose.partitioning.MetadataExtractionQuery;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;

/** Dynamic partitioning (DynamicPartitioningConfiguration) and the MetadataExtraction processor. */
public final class PartitioningKeys {
    static final String GROUP = "Dynamic partitioning (DynamicPartitioningConfiguration)";

    public static final String DYNAMIC_PARTITIONING_ENABLED = "dynamic.partitioning.enabled";
    public static final String DYNAMIC_PARTITIONING_RETRY_DURATION_SECONDS =
            "dynamic.partitioning.retry.duration.seconds";
    public static final String METADATA_EXTRACTION_QUERY = "processing.metadata.extraction.query";
    public static final String METADATA_EXTRACTION_JSON_PARSING_ENGINE =
            "processing.metadata.extraction.json.parsing.engine";
    public static final String DYNAMIC_PARTITIONING_MAX_ACTIVE_PARTITIONS =
            "dynamic.partitioning.active.partitions.max";

    private PartitioningKeys() {}

    static void define(ConfigDef def) {
        def.define(
                        DYNAMIC_PARTITIONING_ENABLED,
                        Type.BOOLEAN,
                        false,
                        Importance.MEDIUM,
                        "DynamicPartitioningConfiguration.Enabled: records are buffered and delivered per partition key "
                                + "values, which s3.prefix uses as !{partitionKeyFromQuery:<name>}. s3.error.output.prefix "
                                + "is then required.",
                        GROUP,
                        1,
                        ConfigDef.Width.SHORT,
                        "Dynamic partitioning")
                .define(
                        DYNAMIC_PARTITIONING_RETRY_DURATION_SECONDS,
                        Type.INT,
                        300,
                        Range.between(0, 7200),
                        Importance.LOW,
                        "RetryOptions.DurationInSeconds, 0 to 7200. Accepted for compatibility: S3 writes are retried "
                                + "until they succeed (Kafka keeps the records meanwhile), so nothing is given up after it.",
                        GROUP,
                        2,
                        ConfigDef.Width.SHORT,
                        "Retry duration (s)")
                .define(
                        METADATA_EXTRACTION_QUERY,
                        Type.STRING,
                        "",
                        Importance.MEDIUM,
                        "The MetadataExtraction processor's MetadataExtractionQuery: a jq 1.6 expression producing an "
                                + "object of partition keys from each JSON record, e.g. {customer_id: .customer_id}.",
                        GROUP,
                        3,
                        ConfigDef.Width.LONG,
                        "Metadata extraction query")
                .define(
                        METADATA_EXTRACTION_JSON_PARSING_ENGINE,
                        Type.STRING,
                        MetadataExtractionQuery.JQ_1_6,
                        ValidString.in(MetadataExtractionQuery.JQ_1_6),
                        Importance.LOW,
                        "The MetadataExtraction processor's JsonParsingEngine; AWS supports JQ-1.6 only.",
                        GROUP,
                        4,
                        ConfigDef.Width.SHORT,
                        "JSON parsing engine")
                .define(
                        DYNAMIC_PARTITIONING_MAX_ACTIVE_PARTITIONS,
                        Type.INT,
                        500,
                        Range.between(1, 5000),
                        Importance.LOW,
                        "Active partitions (distinct partition key values buffered at once) per Kafka partition and "
                                + "task. AWS's quota is 500 per stream, raisable to 5,000; records that would open one "
                                + "more go to the error output (activePartitionExceeded). Bounds open buffer files and "
                                + "their memory.",
                        GROUP,
                        5,
                        ConfigDef.Width.SHORT,
                        "Max active partitions");
    }
}

package io.millrace.firehose.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Registration of the Hive-style partitions dynamic partitioning writes in the Glue table that SchemaConfiguration
 * names (DataFormatConversionConfiguration), so that Athena, Spark or Trino find them without a crawler or MSCK
 * REPAIR TABLE. AWS's Firehose has no such switch: the Firehose API sets these keys only when the table has
 * PartitionKeys and the Prefix yields every one of them as a {@code name=value} folder.
 */
public final class GluePartitionKeys {
    static final String GROUP = "Glue partition registration";

    public static final String PARTITION_KEYS = "glue.partitions.keys";
    public static final String DATABASE = "glue.partitions.database";
    public static final String TABLE = "glue.partitions.table";
    public static final String CATALOG_ID = "glue.partitions.catalog.id";
    public static final String ENDPOINT = "glue.partitions.endpoint";
    public static final String REGION = "glue.partitions.region";

    private GluePartitionKeys() {}

    static void define(ConfigDef def) {
        def.define(
                        PARTITION_KEYS,
                        Type.LIST,
                        "",
                        Importance.MEDIUM,
                        "The PartitionKeys of the Glue table, in the table's order. Each destination object whose key "
                                + "has a <name>=<value> folder for every one of them (in this order) registers that "
                                + "partition, once it is written: BatchCreatePartition, AlreadyExistsException "
                                + "counting as done, retried with backoff on other failures without holding delivery "
                                + "back. Empty: no partition is registered. Needs dynamic.partitioning.enabled.",
                        GROUP,
                        1,
                        ConfigDef.Width.LONG,
                        "Partition keys")
                .define(
                        DATABASE,
                        Type.STRING,
                        "",
                        Importance.MEDIUM,
                        "SchemaConfiguration.DatabaseName: the database of the table partitions are registered in.",
                        GROUP,
                        2,
                        ConfigDef.Width.MEDIUM,
                        "Database")
                .define(
                        TABLE,
                        Type.STRING,
                        "",
                        Importance.MEDIUM,
                        "SchemaConfiguration.TableName: the table partitions are registered in. A partition gets "
                                + "the table's StorageDescriptor with the partition's folder as Location.",
                        GROUP,
                        3,
                        ConfigDef.Width.MEDIUM,
                        "Table")
                .define(
                        CATALOG_ID,
                        Type.STRING,
                        "",
                        Importance.LOW,
                        "SchemaConfiguration.CatalogId; empty: the caller's catalog.",
                        GROUP,
                        4,
                        ConfigDef.Width.SHORT,
                        "Catalog id")
                .define(
                        ENDPOINT,
                        Type.STRING,
                        "",
                        Importance.MEDIUM,
                        "URL of the Glue Data Catalog API (the platform's gateway, for example "
                                + "http://127.0.0.1:4566); empty for AWS Glue. Signed with the S3 credentials.",
                        GROUP,
                        5,
                        ConfigDef.Width.LONG,
                        "Glue endpoint")
                .define(
                        REGION,
                        Type.STRING,
                        "",
                        Importance.LOW,
                        "SchemaConfiguration.Region: the region Glue calls are signed for; empty: s3.region.",
                        GROUP,
                        6,
                        ConfigDef.Width.SHORT,
                        "Glue region");
    }
}

package io.millrace.firehose.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The Apache Iceberg destination (IcebergDestinationConfiguration). With destination.type Iceberg each buffer's
 * records are appended as Parquet data files to the Iceberg tables they are routed to, committed through Iceberg's
 * GlueCatalog; s3.bucket is then the S3Configuration, where records that cannot be delivered go.
 */
public final class IcebergKeys {
    static final String GROUP = "Iceberg destination (IcebergDestinationConfiguration)";

    public static final String ICEBERG = "Iceberg";

    public static final String GLUE_ENDPOINT = "iceberg.glue.endpoint";
    public static final String CATALOG_ID = "iceberg.catalog.id";
    public static final String WAREHOUSE = "iceberg.warehouse";
    public static final String TABLES = "iceberg.tables";
    public static final String DATABASE_FIELD = "iceberg.route.database.field";
    public static final String TABLE_FIELD = "iceberg.route.table.field";
    public static final String ERROR_PREFIX = "iceberg.error.prefix";
    public static final String OPERATION_FIELD = "iceberg.route.operation.field";
    public static final String OPERATION = "iceberg.operation";
    public static final String TABLE_CREATION = "iceberg.table.creation.enabled";
    public static final String SCHEMA_EVOLUTION = "iceberg.schema.evolution.enabled";

    private IcebergKeys() {}

    static void define(ConfigDef def) {
        def.define(
                        GLUE_ENDPOINT,
                        Type.STRING,
                        "",
                        Importance.HIGH,
                        "URL of the Glue Data Catalog API Iceberg's GlueCatalog commits to (the platform's gateway, "
                                + "for example http://127.0.0.1:4566); empty for AWS Glue. Signed with the S3 "
                                + "credentials.",
                        GROUP,
                        1,
                        ConfigDef.Width.LONG,
                        "Glue endpoint")
                .define(
                        CATALOG_ID,
                        Type.STRING,
                        "",
                        Importance.LOW,
                        "The Glue catalog (account id) of CatalogConfiguration.CatalogARN; empty: the caller's.",
                        GROUP,
                        2,
                        ConfigDef.Width.SHORT,
                        "Catalog id")
                .define(
                        WAREHOUSE,
                        Type.STRING,
                        "",
                        Importance.MEDIUM,
                        "CatalogConfiguration.WarehouseLocation (s3://bucket/prefix) of tables created without a "
                                + "location.",
                        GROUP,
                        3,
                        ConfigDef.Width.LONG,
                        "Warehouse location")
                .define(
                        TABLES,
                        Type.STRING,
                        "[]",
                        Importance.HIGH,
                        "DestinationTableConfigurationList as JSON: objects with DestinationDatabaseName, "
                                + "DestinationTableName and optionally UniqueKeys (the columns updates and deletes "
                                + "match rows by), PartitionSpec ({\"Identity\":[{\"SourceName\":\"col\"}]}, for "
                                + "tables created by the sink) and S3ErrorOutputPrefix.",
                        GROUP,
                        4,
                        ConfigDef.Width.LONG,
                        "Destination tables")
                .define(
                        DATABASE_FIELD,
                        Type.STRING,
                        "",
                        Importance.MEDIUM,
                        "Dotted path of the JSON field naming a record's destination database; empty: every record "
                                + "goes to the only table of " + TABLES + ".",
                        GROUP,
                        5,
                        ConfigDef.Width.MEDIUM,
                        "Database field")
                .define(
                        TABLE_FIELD,
                        Type.STRING,
                        "",
                        Importance.MEDIUM,
                        "Dotted path of the JSON field naming a record's destination table, with " + DATABASE_FIELD
                                + ".",
                        GROUP,
                        6,
                        ConfigDef.Width.MEDIUM,
                        "Table field")
                .define(
                        ERROR_PREFIX,
                        Type.STRING,
                        "IcebergFailed/",
                        Importance.LOW,
                        "Prefix in s3.bucket of the records that could not be delivered (no table to route to, not "
                                + "JSON, a field of the wrong type), as JSON lines of AWS's error envelope; records "
                                + "of a table with its own S3ErrorOutputPrefix go under that instead.",
                        GROUP,
                        7,
                        ConfigDef.Width.MEDIUM,
                        "Error output prefix")
                .define(
                        OPERATION_FIELD,
                        Type.STRING,
                        "",
                        Importance.MEDIUM,
                        "Dotted path of the JSON field holding a record's operation (insert, update or delete: "
                                + "the MetadataExtractionQuery's operation); empty, or the field missing: "
                                + OPERATION + ".",
                        GROUP,
                        8,
                        ConfigDef.Width.MEDIUM,
                        "Operation field")
                .define(
                        OPERATION,
                        Type.STRING,
                        "insert",
                        ConfigDef.ValidString.in("insert", "update", "delete"),
                        Importance.LOW,
                        "The operation of records that name none: insert appends; update replaces the rows with the "
                                + "record's unique key values by the record; delete removes them (both by equality "
                                + "deletes, Iceberg format version 2).",
                        GROUP,
                        9,
                        ConfigDef.Width.SHORT,
                        "Default operation")
                .define(
                        TABLE_CREATION,
                        Type.BOOLEAN,
                        false,
                        Importance.MEDIUM,
                        "TableCreationConfiguration.Enabled: a destination table (and database) that does not exist "
                                + "is created from the first buffer of records routed to it (columns inferred from "
                                + "their JSON, format version 2, the table's UniqueKeys as identifier fields, its "
                                + "PartitionSpec).",
                        GROUP,
                        10,
                        ConfigDef.Width.SHORT,
                        "Create tables")
                .define(
                        SCHEMA_EVOLUTION,
                        Type.BOOLEAN,
                        false,
                        Importance.MEDIUM,
                        "SchemaEvolutionConfiguration.Enabled: JSON fields a table has no column for are added as "
                                + "optional columns, and fields of JSON objects under struct columns (also in lists "
                                + "and map values of structs) as optional fields of those structs (types inferred as "
                                + "for table creation), before the records are written; columns and fields are "
                                + "never dropped, renamed or retyped.",
                        GROUP,
                        11,
                        ConfigDef.Width.SHORT,
                        "Evolve schemas");
    }
}

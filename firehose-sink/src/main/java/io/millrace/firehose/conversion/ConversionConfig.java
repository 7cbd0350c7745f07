package io.millrace.firehose.conversion;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;

/**
 * The connector keys of ExtendedS3DestinationConfiguration.DataFormatConversionConfiguration, added to the
 * connector's {@code ConfigDef} by {@code FirehoseSinkConfig}. The table's columns are a snapshot taken from the
 * catalog when the delivery stream is created or updated: the connector never calls the catalog. Limits and
 * defaults are AWS's (botocore model firehose/2015-08-04 and the ParquetSerDe and OrcSerDe API reference).
 */
public final class ConversionConfig {
    private static final String GROUP = "Record format conversion (DataFormatConversionConfiguration)";

    public static final String ENABLED = "format.conversion.enabled";
    public static final String COLUMNS = "format.conversion.columns";
    public static final String CATALOG_ID = "format.conversion.catalog.id";
    public static final String DATABASE = "format.conversion.database.name";
    public static final String TABLE = "format.conversion.table.name";
    public static final String REGION = "format.conversion.region";
    public static final String VERSION_ID = "format.conversion.version.id";
    public static final String DESERIALIZER = "format.conversion.deserializer";
    public static final String OPENX_CASE_INSENSITIVE = "format.conversion.openx.case.insensitive";
    public static final String OPENX_CONVERT_DOTS = "format.conversion.openx.convert.dots.in.json.keys.to.underscores";
    public static final String OPENX_KEY_MAPPINGS = "format.conversion.openx.column.to.json.key.mappings";
    public static final String HIVE_TIMESTAMP_FORMATS = "format.conversion.hive.timestamp.formats";
    public static final String SERIALIZER = "format.conversion.serializer";
    public static final String PARQUET_COMPRESSION = "format.conversion.parquet.compression";
    public static final String PARQUET_BLOCK_SIZE = "format.conversion.parquet.block.size.bytes";
    public static final String PARQUET_PAGE_SIZE = "format.conversion.parquet.page.size.bytes";
    public static final String PARQUET_DICTIONARY = "format.conversion.parquet.enable.dictionary.compression";
    public static final String PARQUET_MAX_PADDING = "format.conversion.parquet.max.padding.bytes";
    public static final String PARQUET_WRITER_VERSION = "format.conversion.parquet.writer.version";
    public static final String ORC_COMPRESSION = "format.conversion.orc.compression";
    public static final String ORC_STRIPE_SIZE = "format.conversion.orc.stripe.size.bytes";
    public static final String ORC_BLOCK_SIZE = "format.conversion.orc.block.size.bytes";
    public static final String ORC_ROW_INDEX_STRIDE = "format.conversion.orc.row.index.stride";
    public static final String ORC_ENABLE_PADDING = "format.conversion.orc.enable.padding";
    public static final String ORC_PADDING_TOLERANCE = "format.conversion.orc.padding.tolerance";
    public static final String ORC_BLOOM_FILTER_COLUMNS = "format.conversion.orc.bloom.filter.columns";
    public static final String ORC_BLOOM_FILTER_FPP = "format.conversion.orc.bloom.filter.false.positive.probability";
    public static final String ORC_DICTIONARY_KEY_THRESHOLD = "format.conversion.orc.dictionary.key.threshold";
    public static final String ORC_FORMAT_VERSION = "format.conversion.orc.format.version";

    public static final String PARQUET = "ParquetSerDe";
    public static final String ORC = "OrcSerDe";

    /** Minimums of the botocore model: BlockSizeBytes 64 MiB, ParquetPageSizeBytes 64 KiB, OrcStripeSizeBytes 8 MiB, OrcRowIndexStride 1000. */
    public static final long MIN_BLOCK_SIZE = 64L * 1024 * 1024;

    public static final int MIN_PAGE_SIZE = 64 * 1024;
    public static final long MIN_STRIPE_SIZE = 8L * 1024 * 1024;
    public static final int MIN_ROW_INDEX_STRIDE = 1000;

    private ConversionConfig() {}

    public static ConfigDef define(ConfigDef def) {
        int order = 0;
        return def.define(
                        ENABLED,
                        Type.BOOLEAN,
                        false,
                        Importance.MEDIUM,
                        "DataFormatConversionConfiguration.Enabled: convert JSON records to Parquet or ORC.",
                        GROUP,
                        ++order,
                        ConfigDef.Width.SHORT,
                        "Enabled")
                .define(
                        COLUMNS,
                        Type.STRING,
                        "",
                        Importance.MEDIUM,
                        "The table's columns as a Hive struct type, struct<name:type,...> (StorageDescriptor.Columns"
                                + " of the catalog table, resolved by the Firehose API when the stream is created or "
                                + "updated).",
                        GROUP,
                        ++order,
                        ConfigDef.Width.LONG,
                        "Columns")
                .define(
                        CATALOG_ID,
                        Type.STRING,
                        "",
                        Importance.LOW,
                        "SchemaConfiguration.CatalogId (reported in " + "the error output).",
                        GROUP,
                        ++order,
                        ConfigDef.Width.SHORT,
                        "Catalog id")
                .define(
                        DATABASE,
                        Type.STRING,
                        "",
                        Importance.LOW,
                        "SchemaConfiguration.DatabaseName.",
                        GROUP,
                        ++order,
                        ConfigDef.Width.SHORT,
                        "Database")
                .define(
                        TABLE,
                        Type.STRING,
                        "",
                        Importance.LOW,
                        "SchemaConfiguration.TableName.",
                        GROUP,
                        ++order,
                        ConfigDef.Width.SHORT,
                        "Table")
                .define(
                        REGION,
                        Type.STRING,
                        "",
                        Importance.LOW,
                        "SchemaConfiguration.Region.",
                        GROUP,
                        ++order,
                        ConfigDef.Width.SHORT,
                        "Region")
                .define(
                        VERSION_ID,
                        Type.STRING,
                        "LATEST",
                        Importance.LOW,
                        "SchemaConfiguration.VersionId.",
                        GROUP,
                        ++order,
                        ConfigDef.Width.SHORT,
                        "Table version")
                .define(
                        DESERIALIZER,
                        Type.STRING,
                        JsonDeserializer.OPENX,
                        ValidString.in(JsonDeserializer.OPENX, JsonDeserializer.HIVE),
                        Importance.MEDIUM,
                        "InputFormatConfiguration.Deserializer: OpenXJsonSerDe or HiveJsonSerDe.",
                        GROUP,
                        ++order,
                        ConfigDef.Width.SHORT,
                        "Deserializer")
                .define(
                        OPENX_CASE_INSENSITIVE,
                        Type.BOOLEAN,
                        true,
                        Importance.LOW,
                        "OpenXJsonSerDe.CaseInsensitive: match JSON keys to columns ignoring case.",
                        GROUP,
                        ++order,
                        ConfigDef.Width.SHORT,
                        "Case insensitive")
                .define(
                        OPENX_CONVERT_DOTS,
                        Type.BOOLEAN,
                        false,
                        Importance.LOW,
                        "OpenXJsonSerDe.ConvertDotsInJsonKeysToUnderscores: a.b is read as column a_b.",
                        GROUP,
                        ++order,
                        ConfigDef.Width.SHORT,
                        "Dots to underscores")
                .define(
                        OPENX_KEY_MAPPINGS,
                        Type.LIST,
                        "",
                        Importance.LOW,
                        "OpenXJsonSerDe.ColumnToJsonKeyMappings as column=jsonKey pairs, comma-separated.",
                        GROUP,
                        ++order,
                        ConfigDef.Width.LONG,
                        "Column to JSON key mappings")
                .define(
                        HIVE_TIMESTAMP_FORMATS,
                        Type.LIST,
                        "",
                        Importance.LOW,
                        "HiveJsonSerDe.TimestampFormats: date-time patterns, or millis for epoch milliseconds; "
                                + "Hive's yyyy-MM-dd HH:mm:ss[.fffffffff] is always tried last. Separate several "
                                + "with commas (a pattern cannot hold a comma here).",
                        GROUP,
                        ++order,
                        ConfigDef.Width.LONG,
                        "Timestamp formats")
                .define(
                        SERIALIZER,
                        Type.STRING,
                        PARQUET,
                        ValidString.in(PARQUET, ORC),
                        Importance.MEDIUM,
                        "OutputFormatConfiguration.Serializer: ParquetSerDe or OrcSerDe.",
                        GROUP,
                        ++order,
                        ConfigDef.Width.SHORT,
                        "Serializer")
                .define(
                        PARQUET_COMPRESSION,
                        Type.STRING,
                        "SNAPPY",
                        ValidString.in("UNCOMPRESSED", "GZIP", "SNAPPY"),
                        Importance.LOW,
                        "ParquetSerDe.Compression.",
                        GROUP,
                        ++order,
                        ConfigDef.Width.SHORT,
                        "Parquet compression")
                .define(
                        PARQUET_BLOCK_SIZE,
                        Type.LONG,
                        256L * 1024 * 1024,
                        Range.atLeast(MIN_BLOCK_SIZE),
                        Importance.LOW,
                        "ParquetSerDe.BlockSizeBytes: the row group size and padding alignment.",
                        GROUP,
                        ++order,
                        ConfigDef.Width.SHORT,
                        "Parquet block size")
                .define(
                        PARQUET_PAGE_SIZE,
                        Type.INT,
                        1024 * 1024,
                        Range.atLeast(MIN_PAGE_SIZE),
                        Importance.LOW,
                        "ParquetSerDe.PageSizeBytes.",
                        GROUP,
                        ++order,
                        ConfigDef.Width.SHORT,
                        "Parquet page size")
                .define(
                        PARQUET_DICTIONARY,
                        Type.BOOLEAN,
                        true,
                        Importance.LOW,
                        "ParquetSerDe.EnableDictionaryCompression.",
                        GROUP,
                        ++order,
                        ConfigDef.Width.SHORT,
                        "Parquet dictionary")
                .define(
                        PARQUET_MAX_PADDING,
                        Type.INT,
                        0,
                        Range.atLeast(0),
                        Importance.LOW,
                        "ParquetSerDe.MaxPaddingBytes.",
                        GROUP,
                        ++order,
                        ConfigDef.Width.SHORT,
                        "Parquet padding")
                .define(
                        PARQUET_WRITER_VERSION,
                        Type.STRING,
                        "V1",
                        ValidString.in("V1", "V2"),
                        Importance.LOW,
                        "ParquetSerDe.WriterVersion.",
                        GROUP,
                        ++order,
                        ConfigDef.Width.SHORT,
                        "Parquet version")
                .define(
                        ORC_COMPRESSION,
                        Type.STRING,
                        "SNAPPY",
                        ValidString.in("NONE", "ZLIB", "SNAPPY"),
                        Importance.LOW,
                        "OrcSerDe.Compression.",
                        GROUP,
                        ++order,
                        ConfigDef.Width.SHORT,
                        "ORC compression")
                .define(
                        ORC_STRIPE_SIZE,
                        Type.LONG,
                        64L * 1024 * 1024,
                        Range.atLeast(MIN_STRIPE_SIZE),
                        Importance.LOW,
                        "OrcSerDe.StripeSizeBytes.",
                        GROUP,
                        ++order,
                        ConfigDef.Width.SHORT,
                        "ORC stripe size")
                .define(
                        ORC_BLOCK_SIZE,
                        Type.LONG,
                        256L * 1024 * 1024,
                        Range.atLeast(MIN_BLOCK_SIZE),
                        Importance.LOW,
                        "OrcSerDe.BlockSizeBytes.",
                        GROUP,
                        ++order,
                        ConfigDef.Width.SHORT,
                        "ORC block size")
                .define(
                        ORC_ROW_INDEX_STRIDE,
                        Type.INT,
                        10_000,
                        Range.atLeast(MIN_ROW_INDEX_STRIDE),
                        Importance.LOW,
                        "OrcSerDe.RowIndexStride.",
                        GROUP,
                        ++order,
                        ConfigDef.Width.SHORT,
                        "ORC row index stride")
                .define(
                        ORC_ENABLE_PADDING,
                        Type.BOOLEAN,
                        false,
                        Importance.LOW,
                        "OrcSerDe.EnablePadding.",
                        GROUP,
                        ++order,
                        ConfigDef.Width.SHORT,
                        "ORC padding")
                .define(
                        ORC_PADDING_TOLERANCE,
                        Type.DOUBLE,
                        0.05,
                        Range.between(0.0, 1.0),
                        Importance.LOW,
                        "OrcSerDe.PaddingTolerance.",
                        GROUP,
                        ++order,
                        ConfigDef.Width.SHORT,
                        "ORC padding tolerance")
                .define(
                        ORC_BLOOM_FILTER_COLUMNS,
                        Type.LIST,
                        "",
                        Importance.LOW,
                        "OrcSerDe.BloomFilterColumns.",
                        GROUP,
                        ++order,
                        ConfigDef.Width.LONG,
                        "ORC bloom filter columns")
                .define(
                        ORC_BLOOM_FILTER_FPP,
                        Type.DOUBLE,
                        0.05,
                        Range.between(0.0, 1.0),
                        Importance.LOW,
                        "OrcSerDe.BloomFilterFalsePositiveProbability.",
                        GROUP,
                        ++order,
                        ConfigDef.Width.SHORT,
                        "ORC bloom filter FPP")
                .define(
                        ORC_DICTIONARY_KEY_THRESHOLD,
                        Type.DOUBLE,
                        0.0,
                        Range.between(0.0, 1.0),
                        Importance.LOW,
                        "OrcSerDe.DictionaryKeyThreshold.",
                        GROUP,
                        ++order,
                        ConfigDef.Width.SHORT,
                        "ORC dictionary threshold")
                .define(
                        ORC_FORMAT_VERSION,
                        Type.STRING,
                        "V0_12",
                        ValidString.in("V0_11", "V0_12"),
                        Importance.LOW,
                        "OrcSerDe.FormatVersion.",
                        GROUP,
                        ++order,
                        ConfigDef.Width.SHORT,
                        "ORC format version");
    }

    /** What the delivery of one connector needs to convert, or null when conversion is off. */
    public record Conversion(
            HiveType row,
            Schema schema,
            RecordConverter converter,
            ObjectEncoder encoder,
            String defaultExtension,
            Map<String, String> catalogTable) {}

    /** @throws ConfigException naming the key whose value cannot be used */
    public static Conversion from(AbstractConfig config) {
        if (!config.getBoolean(ENABLED)) {
            return null;
        }
        HiveType row;
        Schema schema;
        try {
            row = HiveType.parse(config.getString(COLUMNS));
            if (row.kind() != HiveType.Kind.STRUCT || row.fields().isEmpty()) {
                throw new IllegalArgumentException("expected struct<column:type,...> with at least one column");
            }
            schema = AvroSchemas.rowSchema(row);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(COLUMNS, config.getString(COLUMNS), e.getMessage());
        }
        Map<String, String> mappings = new LinkedHashMap<>();
        for (String pair : config.getList(OPENX_KEY_MAPPINGS)) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException(OPENX_KEY_MAPPINGS, pair, "expected column=jsonKey");
            }
            mappings.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        List<String> formats = config.getList(HIVE_TIMESTAMP_FORMATS);
        for (String format : formats) {
            if (!"millis".equals(format)) {
                try {
                    java.time.format.DateTimeFormatter.ofPattern(format);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(HIVE_TIMESTAMP_FORMATS, format, e.getMessage());
                }
            }
        }
        JsonDeserializer deserializer = new JsonDeserializer(
                JsonDeserializer.OPENX.equals(config.getString(DESERIALIZER)),
                config.getBoolean(OPENX_CASE_INSENSITIVE),
                mappings,
                config.getBoolean(OPENX_CONVERT_DOTS),
                formats);
        RecordConverter converter = new RecordConverter(new JsonRowReader(row, schema, deserializer));
        ObjectEncoder encoder;
        String extension;
        if (PARQUET.equals(config.getString(SERIALIZER))) {
            encoder = new ParquetObjectEncoder(
                    schema,
                    new ParquetObjectEncoder.Options(
                            config.getString(PARQUET_COMPRESSION), config.getLong(PARQUET_BLOCK_SIZE),
                            config.getInt(PARQUET_PAGE_SIZE), config.getBoolean(PARQUET_DICTIONARY),
                            config.getInt(PARQUET_MAX_PADDING), config.getString(PARQUET_WRITER_VERSION)));
            extension = ".parquet";
        } else {
            encoder = new OrcObjectEncoder(
                    row,
                    schema,
                    new OrcObjectEncoder.Options(
                            config.getString(ORC_COMPRESSION),
                            config.getLong(ORC_STRIPE_SIZE),
                            config.getLong(ORC_BLOCK_SIZE),
                            config.getInt(ORC_ROW_INDEX_STRIDE),
                            config.getBoolean(ORC_ENABLE_PADDING),
                            config.getDouble(ORC_PADDING_TOLERANCE),
                            config.getList(ORC_BLOOM_FILTER_COLUMNS),
                            config.getDouble(ORC_BLOOM_FILTER_FPP),
                            config.getDouble(ORC_DICTIONARY_KEY_THRESHOLD),
                            config.getString(ORC_FORMAT_VERSION)));
            extension = ".orc";
        }
        Map<String, String> table = new LinkedHashMap<>();
        table.put("catalogId", config.getString(CATALOG_ID));
        table.put("databaseName", config.getString(DATABASE));
        table.put("tableName", config.getString(TABLE));
        table.put("region", config.getString(REGION));
        table.put("versionId", config.getString(VERSION_ID));
        return new Conversion(row, schema, converter, encoder, extension, table);
    }
}

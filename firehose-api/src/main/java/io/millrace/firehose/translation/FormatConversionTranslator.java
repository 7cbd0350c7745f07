package io.millrace.firehose.translation;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.firehose.compression.Compression;
import io.millrace.firehose.config.DestinationKeys;
import io.millrace.firehose.conversion.AvroSchemas;
import io.millrace.firehose.conversion.CatalogTables;
import io.millrace.firehose.conversion.ConversionConfig;
import io.millrace.firehose.conversion.JsonDeserializer;
import io.millrace.firehose.errors.FirehoseErrors;
import io.millrace.gateway.protocol.ApiException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * ExtendedS3DestinationConfiguration.DataFormatConversionConfiguration into the connector's
 * {@link ConversionConfig} keys, refusing what Firehose refuses, with the table's columns resolved from the
 * catalog at request time. Constraints from the botocore model firehose/2015-08-04 and the Firehose developer
 * guide ("Convert input data format").
 */
final class FormatConversionTranslator {
    /** With conversion, BufferingHints.SizeInMBs defaults to 128 and may not be below 64. */
    static final int DEFAULT_SIZE_MB = 128;

    static final int MIN_SIZE_MB = 64;
    /** NonEmptyStringWithoutWhitespace: 1 to 1024 characters, no whitespace. */
    private static final Pattern NO_WHITESPACE = Pattern.compile("^\\S+$");

    private FormatConversionTranslator() {}

    static void translate(
            JsonNode dest, String path, Map<String, String> out, CatalogTables tables, String defaultRegion) {
        JsonNode conversion = dest.get("DataFormatConversionConfiguration");
        if (!present(conversion)) {
            return;
        }
        path = path + ".dataFormatConversionConfiguration";
        if (!conversion.isObject()) {
            throw ApiException.validation(path + " must be an object.");
        }
        // Enabled defaults to true: giving the structure turns conversion on.
        JsonNode enabled = conversion.get("Enabled");
        if (present(enabled) && !enabled.isBoolean()) {
            throw ApiException.validation("Value at '" + path + ".enabled' must be a boolean.");
        }
        if (present(enabled) && !enabled.booleanValue()) {
            return;
        }
        JsonNode schema = conversion.get("SchemaConfiguration");
        JsonNode input = conversion.get("InputFormatConfiguration");
        JsonNode output = conversion.get("OutputFormatConfiguration");
        if (!present(schema) || !present(input) || !present(output)) {
            throw FirehoseErrors.invalidArgument("SchemaConfiguration, InputFormatConfiguration and "
                    + "OutputFormatConfiguration are required when DataFormatConversionConfiguration is enabled.");
        }
        String compression = dest.path("CompressionFormat").asText(Compression.UNCOMPRESSED.awsName());
        if (!Compression.UNCOMPRESSED.awsName().equals(compression)) {
            throw FirehoseErrors.invalidArgument("CompressionFormat must be UNCOMPRESSED when "
                    + "DataFormatConversionConfiguration is enabled; Parquet and ORC compress within the file.");
        }
        JsonNode size = dest.path("BufferingHints").get("SizeInMBs");
        int sizeMb = present(size) ? size.asInt() : DEFAULT_SIZE_MB;
        if (sizeMb < MIN_SIZE_MB) {
            throw FirehoseErrors.invalidArgument("BufferingHints.SizeInMBs must be at least " + MIN_SIZE_MB
                    + " when DataFormatConversionConfiguration is enabled.");
        }
        out.put(DestinationKeys.BUFFERING_SIZE_MB, Integer.toString(sizeMb));

        schema(schema, path + ".schemaConfiguration", out, tables, defaultRegion);
        deserializer(input.get("Deserializer"), path + ".inputFormatConfiguration.deserializer", out);
        serializer(output.get("Serializer"), path + ".outputFormatConfiguration.serializer", out);
        out.put(ConversionConfig.ENABLED, "true");
    }

    private static void schema(
            JsonNode schema, String path, Map<String, String> out, CatalogTables tables, String defaultRegion) {
        String role = text(schema, "RoleARN", path + ".roleARN");
        String catalogId = text(schema, "CatalogId", path + ".catalogId");
        String database = text(schema, "DatabaseName", path + ".databaseName");
        String table = text(schema, "TableName", path + ".tableName");
        String region = text(schema, "Region", path + ".region");
        String versionId = text(schema, "VersionId", path + ".versionId");
        if (role == null || database == null || table == null) {
            throw FirehoseErrors.invalidArgument(
                    "SchemaConfiguration requires RoleARN, DatabaseName " + "and TableName.");
        }
        Optional<CatalogTables.Table> found;
        try {
            found = tables.table(catalogId, database, table, versionId);
            found.ifPresent(t -> AvroSchemas.rowSchema(t.rowType()));
        } catch (IllegalArgumentException e) {
            throw FirehoseErrors.invalidArgument("The columns of table " + table + " in database " + database
                    + " cannot be used for format conversion: " + e.getMessage());
        }
        CatalogTables.Table resolved = found.orElseThrow(() -> FirehoseErrors.invalidArgument(
                "Table " + table + " (version " + (versionId == null ? "LATEST" : versionId) + ") not found in "
                        + "database " + database + " of the AWS Glue Data Catalog"
                        + (catalogId == null ? "" : " " + catalogId) + "."));
        out.put(ConversionConfig.COLUMNS, resolved.rowType().toString());
        out.put(ConversionConfig.CATALOG_ID, catalogId != null ? catalogId : resolved.catalogId());
        out.put(ConversionConfig.DATABASE, database);
        out.put(ConversionConfig.TABLE, table);
        out.put(ConversionConfig.REGION, region != null ? region : defaultRegion);
        out.put(ConversionConfig.VERSION_ID, versionId != null ? versionId : "LATEST");
    }

    private static void deserializer(JsonNode deserializer, String path, Map<String, String> out) {
        JsonNode openX = present(deserializer) ? deserializer.get("OpenXJsonSerDe") : null;
        JsonNode hive = present(deserializer) ? deserializer.get("HiveJsonSerDe") : null;
        if (present(openX) == present(hive)) {
            throw FirehoseErrors.invalidArgument("Exactly one deserializer must be specified in "
                    + "InputFormatConfiguration.Deserializer: OpenXJsonSerDe or HiveJsonSerDe.");
        }
        if (present(openX)) {
            out.put(ConversionConfig.DESERIALIZER, JsonDeserializer.OPENX);
            bool(
                    openX,
                    "CaseInsensitive",
                    path + ".openXJsonSerDe.caseInsensitive",
                    out,
                    ConversionConfig.OPENX_CASE_INSENSITIVE);
            bool(
                    openX,
                    "ConvertDotsInJsonKeysToUnderscores",
                    path + ".openXJsonSerDe.convertDotsInJsonKeysToUnderscores",
                    out,
                    ConversionConfig.OPENX_CONVERT_DOTS);
            JsonNode mappings = openX.get("ColumnToJsonKeyMappings");
            if (present(mappings)) {
                List<String> pairs = new ArrayList<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = mappings.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    String key = e.getValue().asText();
                    // NonEmptyString column and key, at most 1024 characters; commas and '=' would break the pair list.
                    if (e.getKey().isBlank()
                            || key.isBlank()
                            || key.length() > 1024
                            || e.getKey().length() > 1024
                            || (e.getKey() + key).contains(",")
                            || e.getKey().contains("=")) {
                        throw FirehoseErrors.invalidArgument(
                                "ColumnToJsonKeyMappings entry " + e.getKey() + " -> " + key + " is not supported.");
                    }
                    pairs.add(e.getKey() + "=" + key);
                }
                out.put(ConversionConfig.OPENX_KEY_MAPPINGS, String.join(",", pairs));
            }
        } else {
            out.put(ConversionConfig.DESERIALIZER, JsonDeserializer.HIVE);
            JsonNode formats = hive.get("TimestampFormats");
            if (present(formats)) {
                List<String> list = new ArrayList<>();
                for (JsonNode f : formats) {
                    String format = f.asText();
                    if (format.isBlank() || format.contains(",")) {
                        throw FirehoseErrors.invalidArgument(
                                "TimestampFormats entry '" + format + "' is not supported.");
                    }
                    try {
                        if (!"millis".equals(format)) {
                            java.time.format.DateTimeFormatter.ofPattern(format);
                        }
                    } catch (IllegalArgumentException e) {
                        throw FirehoseErrors.invalidArgument(
                                "TimestampFormats entry '" + format + "' is not a valid pattern: " + e.getMessage());
                    }
                    list.add(format);
                }
                out.put(ConversionConfig.HIVE_TIMESTAMP_FORMATS, String.join(",", list));
            }
        }
    }

    private static void serializer(JsonNode serializer, String path, Map<String, String> out) {
        JsonNode parquet = present(serializer) ? serializer.get("ParquetSerDe") : null;
        JsonNode orc = present(serializer) ? serializer.get("OrcSerDe") : null;
        if (present(parquet) == present(orc)) {
            throw FirehoseErrors.invalidArgument("Exactly one serializer must be specified in "
                    + "OutputFormatConfiguration.Serializer: ParquetSerDe or OrcSerDe.");
        }
        if (present(parquet)) {
            String p = path + ".parquetSerDe";
            out.put(ConversionConfig.SERIALIZER, ConversionConfig.PARQUET);
            enumeration(
                    parquet,
                    "Compression",
                    p + ".compression",
                    List.of("UNCOMPRESSED", "GZIP", "SNAPPY"),
                    out,
                    ConversionConfig.PARQUET_COMPRESSION);
            minimum(
                    parquet,
                    "BlockSizeBytes",
                    p + ".blockSizeBytes",
                    ConversionConfig.MIN_BLOCK_SIZE,
                    out,
                    ConversionConfig.PARQUET_BLOCK_SIZE);
            minimum(
                    parquet,
                    "PageSizeBytes",
                    p + ".pageSizeBytes",
                    ConversionConfig.MIN_PAGE_SIZE,
                    out,
                    ConversionConfig.PARQUET_PAGE_SIZE);
            bool(
                    parquet,
                    "EnableDictionaryCompression",
                    p + ".enableDictionaryCompression",
                    out,
                    ConversionConfig.PARQUET_DICTIONARY);
            minimum(parquet, "MaxPaddingBytes", p + ".maxPaddingBytes", 0, out, ConversionConfig.PARQUET_MAX_PADDING);
            enumeration(
                    parquet,
                    "WriterVersion",
                    p + ".writerVersion",
                    List.of("V1", "V2"),
                    out,
                    ConversionConfig.PARQUET_WRITER_VERSION);
        } else {
            String p = path + ".orcSerDe";
            out.put(ConversionConfig.SERIALIZER, ConversionConfig.ORC);
            enumeration(
                    orc,
                    "Compression",
                    p + ".compression",
                    List.of("NONE", "ZLIB", "SNAPPY"),
                    out,
                    ConversionConfig.ORC_COMPRESSION);
            minimum(
                    orc,
                    "StripeSizeBytes",
                    p + ".stripeSizeBytes",
                    ConversionConfig.MIN_STRIPE_SIZE,
                    out,
                    ConversionConfig.ORC_STRIPE_SIZE);
            minimum(
                    orc,
                    "BlockSizeBytes",
                    p + ".blockSizeBytes",
                    ConversionConfig.MIN_BLOCK_SIZE,
                    out,
                    ConversionConfig.ORC_BLOCK_SIZE);
            minimum(
                    orc,
                    "RowIndexStride",
                    p + ".rowIndexStride",
                    ConversionConfig.MIN_ROW_INDEX_STRIDE,
                    out,
                    ConversionConfig.ORC_ROW_INDEX_STRIDE);
            bool(orc, "EnablePadding", p + ".enablePadding", out, ConversionConfig.ORC_ENABLE_PADDING);
            proportion(orc, "PaddingTolerance", p + ".paddingTolerance", out, ConversionConfig.ORC_PADDING_TOLERANCE);
            proportion(
                    orc,
                    "BloomFilterFalsePositiveProbability",
                    p + ".bloomFilterFalsePositiveProbability",
                    out,
                    ConversionConfig.ORC_BLOOM_FILTER_FPP);
            proportion(
                    orc,
                    "DictionaryKeyThreshold",
                    p + ".dictionaryKeyThreshold",
                    out,
                    ConversionConfig.ORC_DICTIONARY_KEY_THRESHOLD);
            enumeration(
                    orc,
                    "FormatVersion",
                    p + ".formatVersion",
                    List.of("V0_11", "V0_12"),
                    out,
                    ConversionConfig.ORC_FORMAT_VERSION);
            JsonNode columns = orc.get("BloomFilterColumns");
            if (present(columns)) {
                List<String> names = new ArrayList<>();
                for (JsonNode c : columns) {
                    String name = c.asText();
                    if (!NO_WHITESPACE.matcher(name).matches() || name.length() > 1024 || name.contains(",")) {
                        throw ApiException.validation(validationPrefix(name, p + ".bloomFilterColumns.member")
                                + "Member must satisfy regular expression pattern: "
                                + "^\\S+$");
                    }
                    names.add(name);
                }
                out.put(ConversionConfig.ORC_BLOOM_FILTER_COLUMNS, String.join(",", names));
            }
        }
    }

    private static String text(JsonNode node, String field, String path) {
        JsonNode v = node.get(field);
        if (!present(v)) {
            return null;
        }
        if (!v.isTextual()) {
            throw ApiException.validation("Value at '" + path + "' must be a string.");
        }
        String value = v.asText();
        if (value.isEmpty() || value.length() > 1024) {
            throw ApiException.validation(validationPrefix(value, path) + "Member must have length "
                    + (value.isEmpty() ? "greater than or equal to 1" : "less than or equal to 1024"));
        }
        if (!NO_WHITESPACE.matcher(value).matches()) {
            throw ApiException.validation(
                    validationPrefix(value, path) + "Member must satisfy regular expression pattern: ^\\S+$");
        }
        return value;
    }

    private static void bool(JsonNode node, String field, String path, Map<String, String> out, String key) {
        JsonNode v = node.get(field);
        if (!present(v)) {
            return;
        }
        if (!v.isBoolean()) {
            throw ApiException.validation("Value at '" + path + "' must be a boolean.");
        }
        out.put(key, Boolean.toString(v.booleanValue()));
    }

    private static void enumeration(
            JsonNode node, String field, String path, List<String> allowed, Map<String, String> out, String key) {
        JsonNode v = node.get(field);
        if (!present(v)) {
            return;
        }
        if (!v.isTextual() || !allowed.contains(v.asText())) {
            throw ApiException.validation(
                    validationPrefix(v.asText(), path) + "Member must satisfy enum value set: " + allowed);
        }
        out.put(key, v.asText());
    }

    private static void minimum(
            JsonNode node, String field, String path, long min, Map<String, String> out, String key) {
        JsonNode v = node.get(field);
        if (!present(v)) {
            return;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw ApiException.validation("Value at '" + path + "' must be an integer.");
        }
        if (v.asLong() < min) {
            throw ApiException.validation(
                    validationPrefix(v.asText(), path) + "Member must have value greater than or equal to " + min);
        }
        out.put(key, Long.toString(v.asLong()));
    }

    private static void proportion(JsonNode node, String field, String path, Map<String, String> out, String key) {
        JsonNode v = node.get(field);
        if (!present(v)) {
            return;
        }
        if (!v.isNumber() || v.asDouble() < 0 || v.asDouble() > 1) {
            throw ApiException.validation(
                    validationPrefix(v.asText(), path) + "Member must have value between 0 and 1");
        }
        out.put(key, Double.toString(v.asDouble()));
    }

    private static boolean present(JsonNode node) {
        return node != null && !node.isNull() && !node.isMissingNode();
    }

    private static String validationPrefix(String value, String path) {
        return "1 validation error detected: Value '" + value + "' at '" + path + "' failed to satisfy constraint: ";
    }
}

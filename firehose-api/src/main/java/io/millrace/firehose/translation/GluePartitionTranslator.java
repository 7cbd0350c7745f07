package io.millrace.firehose.translation;

import static io.millrace.firehose.translation.TranslationFields.optionalString;
import static io.millrace.firehose.translation.TranslationFields.present;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.firehose.config.DestinationKeys;
import io.millrace.firehose.config.GluePartitionKeys;
import io.millrace.firehose.conversion.CatalogTables;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whether a dynamically partitioned S3 destination registers the partitions it writes in the Glue table its
 * DataFormatConversionConfiguration.SchemaConfiguration names. AWS's Firehose never does (users run a crawler, MSCK
 * REPAIR TABLE or partition projection); Millrace does when everything a Hive reader needs is there: the table exists
 * in the platform's catalog with PartitionKeys, and the Prefix has a {@code <key>=} folder for every one of them, in
 * the table's order. The SchemaConfiguration counts with conversion disabled too (Enabled false keeps the JSON
 * objects as they are): naming the table is then the way to ask for registration alone. Otherwise nothing is set
 * and the stream delivers as on AWS.
 */
final class GluePartitionTranslator {

    private static final String PATH =
            "extendedS3DestinationConfiguration.dataFormatConversionConfiguration" + ".schemaConfiguration";

    private GluePartitionTranslator() {}

    static void translate(
            JsonNode extended, Map<String, String> out, CatalogTables tables, TranslationEnvironment env) {
        JsonNode schema = extended.path("DataFormatConversionConfiguration").get("SchemaConfiguration");
        // Without the platform's Glue endpoint the table found here could only be looked for in AWS Glue.
        if (!present(schema) || !schema.isObject() || env.glueEndpoint().isEmpty()) {
            return;
        }
        String database = optionalString(schema, "DatabaseName", PATH + ".databaseName");
        String table = optionalString(schema, "TableName", PATH + ".tableName");
        String catalogId = optionalString(schema, "CatalogId", PATH + ".catalogId");
        String region = optionalString(schema, "Region", PATH + ".region");
        if (database == null || table == null) {
            return;
        }
        List<String> keys = tables.partitionKeys(catalogId, database, table).orElse(List.of());
        if (keys.isEmpty() || !foldersFor(keys, out.getOrDefault(DestinationKeys.S3_PREFIX, ""))) {
            return;
        }
        out.put(GluePartitionKeys.PARTITION_KEYS, String.join(",", keys));
        out.put(GluePartitionKeys.DATABASE, database);
        out.put(GluePartitionKeys.TABLE, table);
        out.put(GluePartitionKeys.CATALOG_ID, catalogId == null ? "" : catalogId);
        out.put(GluePartitionKeys.ENDPOINT, env.glueEndpoint());
        out.put(GluePartitionKeys.REGION, region == null ? env.s3Region() : region);
    }

    /** Whether the Prefix has a {@code <key>=} folder for each key, in order (names compared as Glue folds them). */
    static boolean foldersFor(List<String> keys, String prefix) {
        String[] folders = prefix.split("/", -1);
        int next = 0;
        // The text after the last '/' starts object names, not a folder.
        for (int i = 0; i < folders.length - 1 && next < keys.size(); i++) {
            if (folders[i].toLowerCase(Locale.ROOT).startsWith(keys.get(next).toLowerCase(Locale.ROOT) + "=")) {
                next++;
            }
        }
        return next == keys.size();
    }
}

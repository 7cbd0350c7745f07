package io.millrace.firehose.translation;

import static io.millrace.firehose.translation.TranslationFields.checkLength;
import static io.millrace.firehose.translation.TranslationFields.checkRole;
import static io.millrace.firehose.translation.TranslationFields.missing;
import static io.millrace.firehose.translation.TranslationFields.optionalString;
import static io.millrace.firehose.translation.TranslationFields.patternError;
import static io.millrace.firehose.translation.TranslationFields.present;
import static io.millrace.firehose.translation.TranslationFields.requiredString;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.firehose.config.DestinationKeys;
import io.millrace.firehose.config.HttpEndpointKeys;
import io.millrace.firehose.config.IcebergKeys;
import io.millrace.firehose.errors.FirehoseErrors;
import io.millrace.gateway.protocol.ApiException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IcebergDestinationConfiguration into the connector's keys, with the constraints of the botocore model
 * (firehose/2015-08-04): RoleARN, CatalogConfiguration and S3Configuration required; CatalogARN
 * {@code arn:.*:glue:.*:\d{12}:catalog...}; WarehouseLocation {@code s3://.*}; each DestinationTableConfiguration's
 * names 1-255 characters of {@code [a-zA-Z0-9._]+}; BufferingHints 1-128 MiB and 0-900 s; RetryOptions 0-7200 s.
 * Records are routed to their table as AWS routes them: by a MetadataExtraction query of the form
 * {@code {destinationDatabaseName: .a.b, destinationTableName: .c}} (JSON fields), or all to the one table listed.
 * What the sink does not do yet is refused by name: UniqueKeys (upserts), S3BackupMode AllData, schema evolution and
 * table creation.
 */
final class IcebergTranslator {
    private static final String PATH = "icebergDestinationConfiguration";
    private static final Pattern CATALOG_ARN =
            Pattern.compile("arn:.*:glue:.*:(\\d{12}):catalog(?:(/[a-z0-9_-]+){1,2})?");
    private static final Pattern WAREHOUSE = Pattern.compile("s3://.*", Pattern.DOTALL);
    private static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9._]+");
    private static final Pattern ROUTE_DATABASE = Pattern.compile("destinationDatabaseName\\s*:\\s*\\.([\\w.]+)");
    private static final Pattern ROUTE_TABLE = Pattern.compile("destinationTableName\\s*:\\s*\\.([\\w.]+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private IcebergTranslator() {}

    static void translate(JsonNode dest, Map<String, String> out, DeliveryStreamTranslator.Environment env) {
        if (!dest.isObject()) {
            throw ApiException.validation(PATH + " must be an object.");
        }
        out.put(HttpEndpointKeys.DESTINATION_TYPE, IcebergKeys.ICEBERG);
        out.put(IcebergKeys.GLUE_ENDPOINT, env.glueEndpoint());
        requiredString(dest, "RoleARN", PATH + ".roleARN");
        checkRole(dest, PATH + ".roleARN");
        catalog(dest.get("CatalogConfiguration"), out);
        out.put(IcebergKeys.TABLES, tables(dest.get("DestinationTableConfigurationList")));
        FailedRecordOutput.bufferingHints(dest, PATH, 128, out);
        FailedRecordOutput.retryDuration(dest, PATH);
        if ("AllData".equals(optionalString(dest, "S3BackupMode", PATH + ".s3BackupMode"))) {
            throw FirehoseErrors.invalidArgument("S3BackupMode AllData is not supported for Iceberg destinations yet.");
        }
        for (String unsupported : new String[] {"SchemaEvolutionConfiguration", "TableCreationConfiguration"}) {
            JsonNode option = dest.get(unsupported);
            if (present(option) && option.path("Enabled").asBoolean(false)) {
                throw FirehoseErrors.invalidArgument(unsupported + " is not supported; create and evolve the table "
                        + "with Iceberg's GlueCatalog.");
            }
        }
        routing(dest.get("ProcessingConfiguration"), out);
        // The S3Configuration holds the records that could not be delivered (under the error prefix).
        FailedRecordOutput.s3Configuration(dest, PATH, "FailedDataOnly", "AllData", out);
        // Those records go under the destination's error prefix, as AWS puts them (or IcebergFailed/ without one).
        String errorPrefix = out.get(DestinationKeys.S3_ERROR_OUTPUT_PREFIX);
        if (errorPrefix != null && !errorPrefix.isEmpty()) {
            out.put(IcebergKeys.ERROR_PREFIX, errorPrefix);
        }
    }

    private static void catalog(JsonNode catalog, Map<String, String> out) {
        if (!present(catalog)) {
            throw missing(PATH + ".catalogConfiguration");
        }
        String arn = optionalString(catalog, "CatalogARN", PATH + ".catalogConfiguration.catalogARN");
        if (arn != null) {
            checkLength(arn, 1, 512, PATH + ".catalogConfiguration.catalogARN");
            Matcher m = CATALOG_ARN.matcher(arn);
            if (!m.matches()) {
                throw patternError(arn, PATH + ".catalogConfiguration.catalogARN", CATALOG_ARN.pattern());
            }
            out.put(IcebergKeys.CATALOG_ID, m.group(1));
        }
        String warehouse =
                optionalString(catalog, "WarehouseLocation", PATH + ".catalogConfiguration.warehouseLocation");
        if (warehouse != null) {
            checkLength(warehouse, 1, 2048, PATH + ".catalogConfiguration.warehouseLocation");
            if (!WAREHOUSE.matcher(warehouse).matches()) {
                throw patternError(warehouse, PATH + ".catalogConfiguration.warehouseLocation", "s3:\\/\\/.*");
            }
            out.put(IcebergKeys.WAREHOUSE, warehouse);
        }
    }

    private static String tables(JsonNode list) {
        ArrayNode tables = JSON.createArrayNode();
        if (!present(list)) {
            return tables.toString();
        }
        if (!list.isArray()) {
            throw ApiException.validation(PATH + ".destinationTableConfigurationList must be a list.");
        }
        String path = PATH + ".destinationTableConfigurationList.member";
        for (JsonNode entry : list) {
            ObjectNode table = tables.addObject();
            for (String member : new String[] {"DestinationDatabaseName", "DestinationTableName"}) {
                String p = path + "." + Character.toLowerCase(member.charAt(0)) + member.substring(1);
                String name = requiredString(entry, member, p);
                checkLength(name, 1, 255, p);
                if (!TABLE_NAME.matcher(name).matches()) {
                    throw patternError(name, p, TABLE_NAME.pattern());
                }
                table.put(member, name);
            }
            if (present(entry.get("UniqueKeys")) && !entry.get("UniqueKeys").isEmpty()) {
                throw FirehoseErrors.invalidArgument(
                        "UniqueKeys (updates and deletes with equality deletes) are not supported yet.");
            }
            String errorPrefix = optionalString(entry, "S3ErrorOutputPrefix", path + ".s3ErrorOutputPrefix");
            if (errorPrefix != null) {
                checkLength(errorPrefix, 0, 1024, path + ".s3ErrorOutputPrefix");
                table.put("S3ErrorOutputPrefix", errorPrefix);
            }
        }
        return tables.toString();
    }

    /** The JSON fields a MetadataExtraction query names as the destination database and table. */
    private static void routing(JsonNode processing, Map<String, String> out) {
        if (!present(processing) || !processing.path("Enabled").asBoolean(false)) {
            return;
        }
        for (JsonNode processor : processing.path("Processors")) {
            if (!"MetadataExtraction".equals(processor.path("Type").asText())) {
                throw FirehoseErrors.invalidArgument(
                        "Processor " + processor.path("Type").asText()
                                + " is not supported for Iceberg destinations; MetadataExtraction routes records.");
            }
            for (JsonNode parameter : processor.path("Parameters")) {
                if (!"MetadataExtractionQuery"
                        .equals(parameter.path("ParameterName").asText())) {
                    continue;
                }
                String query = parameter.path("ParameterValue").asText();
                Matcher database = ROUTE_DATABASE.matcher(query);
                Matcher table = ROUTE_TABLE.matcher(query);
                if (!database.find() || !table.find()) {
                    throw FirehoseErrors.invalidArgument("MetadataExtractionQuery " + query + " must name "
                            + "destinationDatabaseName and destinationTableName as JSON fields (.field.path).");
                }
                out.put(IcebergKeys.DATABASE_FIELD, database.group(1));
                out.put(IcebergKeys.TABLE_FIELD, table.group(1));
            }
        }
    }
}

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
 * {@code {destinationDatabaseName: .a.b, destinationTableName: .c, operation: .op}} (JSON fields; the operation
 * optional, also a literal {@code "update"}), or all to the one table listed. UniqueKeys (1-1024 characters without
 * whitespace each), PartitionSpec identity columns, SchemaEvolutionConfiguration and TableCreationConfiguration are
 * passed on; what the sink does not do is refused by name: S3BackupMode AllData, and table creation without a
 * WarehouseLocation to put the tables in.
 */
final class IcebergTranslator {
    private static final String PATH = "icebergDestinationConfiguration";
    private static final Pattern CATALOG_ARN =
            Pattern.compile("arn:.*:glue:.*:(\\d{12}):catalog(?:(/[a-z0-9_-]+){1,2})?");
    private static final Pattern WAREHOUSE = Pattern.compile("s3://.*", Pattern.DOTALL);
    private static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9._]+");
    private static final Pattern ROUTE_DATABASE = Pattern.compile("destinationDatabaseName\\s*:\\s*\\.([\\w.]+)");
    private static final Pattern ROUTE_TABLE = Pattern.compile("destinationTableName\\s*:\\s*\\.([\\w.]+)");
    private static final Pattern ROUTE_OPERATION =
            Pattern.compile("operation\\s*:\\s*(?:\\.([\\w.]+)|\"(\\w+)\")", Pattern.CASE_INSENSITIVE);
    private static final Pattern UNIQUE_KEY = Pattern.compile("^\\S+$");
    private static final ObjectMapper JSON = new ObjectMapper();

    private IcebergTranslator() {}

    static void translate(JsonNode dest, Map<String, String> out, TranslationEnvironment env) {
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
        boolean createTables = enabled(dest, "TableCreationConfiguration");
        if (createTables && !out.containsKey(IcebergKeys.WAREHOUSE)) {
            throw FirehoseErrors.invalidArgument("TableCreationConfiguration needs "
                    + "CatalogConfiguration.WarehouseLocation: the tables Firehose creates are put under it.");
        }
        out.put(IcebergKeys.TABLE_CREATION, Boolean.toString(createTables));
        out.put(IcebergKeys.SCHEMA_EVOLUTION, Boolean.toString(enabled(dest, "SchemaEvolutionConfiguration")));
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
            uniqueKeys(entry.get("UniqueKeys"), path + ".uniqueKeys", table);
            partitionSpec(entry.get("PartitionSpec"), path + ".partitionSpec", table);
            String errorPrefix = optionalString(entry, "S3ErrorOutputPrefix", path + ".s3ErrorOutputPrefix");
            if (errorPrefix != null) {
                checkLength(errorPrefix, 0, 1024, path + ".s3ErrorOutputPrefix");
                table.put("S3ErrorOutputPrefix", errorPrefix);
            }
        }
        return tables.toString();
    }

    /** SchemaEvolutionConfiguration or TableCreationConfiguration: its required Enabled. */
    private static boolean enabled(JsonNode dest, String member) {
        JsonNode option = dest.get(member);
        if (!present(option)) {
            return false;
        }
        String path = PATH + "." + Character.toLowerCase(member.charAt(0)) + member.substring(1);
        if (!option.isObject() || !present(option.get("Enabled"))) {
            throw missing(path + ".enabled");
        }
        if (!option.get("Enabled").isBoolean()) {
            throw ApiException.validation(path + ".enabled must be a boolean.");
        }
        return option.get("Enabled").booleanValue();
    }

    /** UniqueKeys: column names of 1-1024 characters without whitespace (ListOfNonEmptyStringsWithoutWhitespace). */
    private static void uniqueKeys(JsonNode keys, String path, ObjectNode table) {
        if (!present(keys)) {
            return;
        }
        if (!keys.isArray()) {
            throw ApiException.validation(path + " must be a list.");
        }
        ArrayNode out = table.putArray("UniqueKeys");
        for (JsonNode key : keys) {
            if (!key.isTextual()) {
                throw ApiException.validation(path + ".member must be a string.");
            }
            checkLength(key.textValue(), 1, 1024, path + ".member");
            if (!UNIQUE_KEY.matcher(key.textValue()).matches()) {
                throw patternError(key.textValue(), path + ".member", UNIQUE_KEY.pattern());
            }
            out.add(key.textValue());
        }
    }

    /** PartitionSpec.Identity: the SourceName columns of a table Firehose creates. */
    private static void partitionSpec(JsonNode spec, String path, ObjectNode table) {
        if (!present(spec)) {
            return;
        }
        JsonNode identity = spec.get("Identity");
        if (!present(identity)) {
            return;
        }
        if (!identity.isArray()) {
            throw ApiException.validation(path + ".identity must be a list.");
        }
        ArrayNode out = table.putObject("PartitionSpec").putArray("Identity");
        for (JsonNode field : identity) {
            String p = path + ".identity.member.sourceName";
            String name = requiredString(field, "SourceName", p);
            checkLength(name, 1, 1024, p);
            if (!UNIQUE_KEY.matcher(name).matches()) {
                throw patternError(name, p, UNIQUE_KEY.pattern());
            }
            out.addObject().put("SourceName", name);
        }
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
                boolean routed = database.find() & table.find();
                boolean operationOnly = !routed
                        && !query.contains("destinationDatabaseName")
                        && !query.contains("destinationTableName")
                        && ROUTE_OPERATION.matcher(query).find();
                if (!routed && !operationOnly) {
                    throw FirehoseErrors.invalidArgument("MetadataExtractionQuery " + query + " must name "
                            + "destinationDatabaseName and destinationTableName as JSON fields (.field.path).");
                }
                if (routed) {
                    out.put(IcebergKeys.DATABASE_FIELD, database.group(1));
                    out.put(IcebergKeys.TABLE_FIELD, table.group(1));
                }
                Matcher operation = ROUTE_OPERATION.matcher(query);
                if (operation.find()) {
                    if (operation.group(1) != null) {
                        out.put(IcebergKeys.OPERATION_FIELD, operation.group(1));
                    } else {
                        String literal = operation.group(2).toLowerCase(java.util.Locale.ROOT);
                        if (!literal.equals("insert") && !literal.equals("update") && !literal.equals("delete")) {
                            throw FirehoseErrors.invalidArgument("MetadataExtractionQuery operation \""
                                    + operation.group(2) + "\" must be insert, update or delete.");
                        }
                        out.put(IcebergKeys.OPERATION, literal);
                    }
                }
            }
        }
    }
}

package io.millrace.firehose.translation;

import static io.millrace.firehose.translation.TranslationFields.checkLength;
import static io.millrace.firehose.translation.TranslationFields.missing;
import static io.millrace.firehose.translation.TranslationFields.optionalString;
import static io.millrace.firehose.translation.TranslationFields.present;
import static io.millrace.firehose.translation.TranslationFields.requiredString;
import static io.millrace.firehose.translation.TranslationFields.validationPrefix;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.firehose.config.PartitioningKeys;
import io.millrace.firehose.config.ProcessingKeys;
import io.millrace.firehose.config.UrlAllowlist;
import io.millrace.firehose.errors.FirehoseErrors;
import io.millrace.firehose.partitioning.MetadataExtractionQuery;
import io.millrace.gateway.protocol.ApiException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The ProcessingConfiguration of a destination, translated to the connector's processing keys with Firehose's
 * checks: processor types and parameter names from the API model (ValidationException), then which parameters a
 * type takes and their ranges (InvalidArgumentException, as Firehose answers for values it reads from strings).
 */
final class ProcessingTranslator {
    /** botocore ProcessorType. */
    private static final List<String> TYPES = List.of(
            "RecordDeAggregation",
            "Decompression",
            "CloudWatchLogProcessing",
            "Lambda",
            "MetadataExtraction",
            "AppendDelimiterToRecord");
    /** botocore ProcessorParameterName. */
    private static final List<String> PARAMETER_NAMES = List.of(
            "LambdaArn",
            "NumberOfRetries",
            "MetadataExtractionQuery",
            "JsonParsingEngine",
            "RoleArn",
            "BufferSizeInMBs",
            "BufferIntervalInSeconds",
            "SubRecordType",
            "Delimiter",
            "CompressionFormat",
            "DataMessageExtraction");

    private static final Map<String, Set<String>> PARAMETERS_OF = Map.of(
            "Lambda", Set.of("LambdaArn", "NumberOfRetries", "RoleArn", "BufferSizeInMBs", "BufferIntervalInSeconds"),
            "RecordDeAggregation", Set.of("SubRecordType", "Delimiter"),
            "AppendDelimiterToRecord", Set.of("Delimiter"),
            "MetadataExtraction", Set.of("MetadataExtractionQuery", "JsonParsingEngine"),
            "Decompression", Set.of("CompressionFormat"),
            "CloudWatchLogProcessing", Set.of("DataMessageExtraction"));
    /** botocore ProcessorParameterValue: 1 to 5120 characters, not only whitespace. */
    private static final Pattern PARAMETER_VALUE = Pattern.compile("^(?!\\s*$).+", Pattern.DOTALL);

    private static final Pattern LAMBDA_ARN =
            Pattern.compile("arn:aws[a-z-]*:lambda:[a-z0-9-]+:\\d{12}:function:[a-zA-Z0-9_-]+(:[a-zA-Z0-9$_-]+)?");
    private static final Pattern JAVA_CLASS =
            Pattern.compile("java:[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*");

    private ProcessingTranslator() {}

    static void translate(JsonNode processing, String path, Map<String, String> out, TranslationEnvironment env) {
        if (!present(processing)) {
            return;
        }
        JsonNode processors = processing.get("Processors");
        if (present(processors) && !processors.isArray()) {
            throw ApiException.validation(path + ".processors must be a list.");
        }
        // Processors are checked even when processing is disabled (an UpdateDestination may enable them as they are);
        // only an enabled configuration applies them.
        boolean enabled = processing.path("Enabled").asBoolean(false);
        Set<String> seen = new HashSet<>();
        if (!present(processors)) {
            return;
        }
        for (JsonNode processor : processors) {
            String memberPath = path + ".processors.member";
            String type = requiredString(processor, "Type", memberPath + ".type");
            if (!TYPES.contains(type)) {
                throw ApiException.validation(validationPrefix(type, memberPath + ".type")
                        + "Member must satisfy enum value set: [" + String.join(", ", TYPES) + "]");
            }
            if (!seen.add(type)) {
                throw FirehoseErrors.invalidArgument("Processor type " + type + " is specified more than once.");
            }
            Map<String, String> params = parameters(processor, type, memberPath + ".parameters");
            switch (type) {
                case "AppendDelimiterToRecord" -> {
                    if (enabled) {
                        out.put(ProcessingKeys.PROCESSING_APPEND_DELIMITER, "true");
                        if (params.containsKey("Delimiter")) {
                            // Kept escaped ("\\n"), as AWS takes it; the connector resolves the escapes.
                            out.put(ProcessingKeys.PROCESSING_DELIMITER, params.get("Delimiter"));
                        }
                    }
                }
                case "RecordDeAggregation" -> deAggregation(params, enabled, out);
                case "Lambda" -> lambda(params, enabled, out, env);
                case "MetadataExtraction" -> {
                    if (enabled) {
                        metadataExtraction(params, out);
                    }
                }
                default -> {
                    if (enabled) {
                        throw FirehoseErrors.invalidArgument("Processor type " + type + " is not "
                                + "supported yet; Lambda, RecordDeAggregation, MetadataExtraction and "
                                + "AppendDelimiterToRecord are.");
                    }
                }
            }
        }
    }

    /** Inline parsing for dynamic partitioning: MetadataExtractionQuery (jq) and JsonParsingEngine (JQ-1.6). */
    private static void metadataExtraction(Map<String, String> params, Map<String, String> out) {
        if (!"true".equals(out.get(PartitioningKeys.DYNAMIC_PARTITIONING_ENABLED))) {
            throw FirehoseErrors.invalidArgument("The MetadataExtraction processor requires "
                    + "DynamicPartitioningConfiguration.Enabled to be true.");
        }
        String query = params.get("MetadataExtractionQuery");
        if (query == null) {
            throw FirehoseErrors.invalidArgument(
                    "The MetadataExtraction processor requires the " + "parameter MetadataExtractionQuery.");
        }
        String engine = params.get("JsonParsingEngine");
        if (engine == null) {
            throw FirehoseErrors.invalidArgument(
                    "The MetadataExtraction processor requires the " + "parameter JsonParsingEngine.");
        }
        if (!MetadataExtractionQuery.JQ_1_6.equals(engine)) {
            throw FirehoseErrors.invalidArgument("JsonParsingEngine " + engine + " is not supported; "
                    + "the only supported engine is " + MetadataExtractionQuery.JQ_1_6 + ".");
        }
        try {
            MetadataExtractionQuery.compile(query);
        } catch (IllegalArgumentException e) {
            throw FirehoseErrors.invalidArgument(e.getMessage());
        }
        out.put(PartitioningKeys.METADATA_EXTRACTION_QUERY, query);
        out.put(PartitioningKeys.METADATA_EXTRACTION_JSON_PARSING_ENGINE, engine);
    }

    /** The parameters of one processor by name, refusing unknown, duplicated and misplaced ones. */
    private static Map<String, String> parameters(JsonNode processor, String type, String path) {
        Map<String, String> params = new LinkedHashMap<>();
        JsonNode list = processor.get("Parameters");
        if (!present(list)) {
            return params;
        }
        if (!list.isArray()) {
            throw ApiException.validation(path + " must be a list.");
        }
        Set<String> allowed = PARAMETERS_OF.getOrDefault(type, Set.of());
        for (JsonNode p : list) {
            String name = requiredString(p, "ParameterName", path + ".member.parameterName");
            if (!PARAMETER_NAMES.contains(name)) {
                throw ApiException.validation(validationPrefix(name, path + ".member.parameterName")
                        + "Member must satisfy enum value set: [" + String.join(", ", PARAMETER_NAMES) + "]");
            }
            String value = optionalString(p, "ParameterValue", path + ".member.parameterValue");
            if (value == null) {
                throw missing(path + ".member.parameterValue");
            }
            checkLength(value, 1, 5120, path + ".member.parameterValue");
            if (!PARAMETER_VALUE.matcher(value).matches()) {
                throw ApiException.validation(validationPrefix(value, path + ".member.parameterValue")
                        + "Member must satisfy regular expression pattern: ^(?!\\s*$).+");
            }
            if (!allowed.contains(name)) {
                throw FirehoseErrors.invalidArgument(
                        "Parameter " + name + " is not supported for processor type " + type + ".");
            }
            if (params.put(name, value) != null) {
                throw FirehoseErrors.invalidArgument(
                        "Parameter " + name + " is specified more than once for processor type " + type + ".");
            }
        }
        return params;
    }

    private static void deAggregation(Map<String, String> params, boolean enabled, Map<String, String> out) {
        String type = params.get("SubRecordType");
        if (type == null) {
            throw FirehoseErrors.invalidArgument("SubRecordType is required for processor type RecordDeAggregation.");
        }
        if (!type.equals("JSON") && !type.equals("DELIMITED")) {
            throw FirehoseErrors.invalidArgument(
                    "SubRecordType " + type + " is not valid; it must be JSON or DELIMITED.");
        }
        String delimiter = params.get("Delimiter");
        if (type.equals("DELIMITED")) {
            // AWS takes the custom delimiter base64-encoded: #### is IyMjIw==.
            byte[] decoded = null;
            if (delimiter != null) {
                try {
                    decoded = Base64.getDecoder().decode(delimiter);
                } catch (IllegalArgumentException e) {
                    decoded = null;
                }
            }
            if (decoded == null || decoded.length == 0) {
                throw FirehoseErrors.invalidArgument(
                        "Delimiter must be a base64-encoded, non-empty " + "string when SubRecordType is DELIMITED.");
            }
        }
        if (enabled) {
            out.put(ProcessingKeys.PROCESSING_SUB_RECORD_TYPE, type);
            if (delimiter != null && type.equals("DELIMITED")) {
                out.put(ProcessingKeys.PROCESSING_SUB_RECORD_DELIMITER, delimiter);
            }
        }
    }

    private static void lambda(
            Map<String, String> params, boolean enabled, Map<String, String> out, TranslationEnvironment env) {
        String arn = params.get("LambdaArn");
        if (arn == null) {
            throw FirehoseErrors.invalidArgument("LambdaArn is required for processor type Lambda.");
        }
        String function = function(arn, env);
        // Ranges of "Transform source data in Amazon Data Firehose" and the API's ProcessorParameter.
        int retries = integer(params, "NumberOfRetries", 0, 300, 3);
        BigDecimal size =
                decimal(params, "BufferSizeInMBs", new BigDecimal("0.2"), new BigDecimal("3"), BigDecimal.ONE);
        int interval = integer(params, "BufferIntervalInSeconds", 0, 900, 60);
        // RoleArn names the role Firehose would assume to invoke the function: nothing to assume here.
        if (enabled) {
            out.put(ProcessingKeys.PROCESSING_LAMBDA_FUNCTION, function);
            out.put(ProcessingKeys.PROCESSING_LAMBDA_ARN, arn);
            UrlAllowlist allowlist = env.urlFunctionAllowlist();
            if (allowlist != null) {
                // The sink checks again before each call; an ARN's URL is the operator's choice, so it is allowed.
                List<String> allowed = new ArrayList<>(allowlist.entries());
                if (!function.equals(arn)) {
                    allowed.add(function);
                }
                out.put(ProcessingKeys.PROCESSING_LAMBDA_URL_ALLOWLIST_ENFORCED, "true");
                out.put(ProcessingKeys.PROCESSING_LAMBDA_URL_ALLOWLIST, String.join(",", allowed));
            }
            out.put(ProcessingKeys.PROCESSING_LAMBDA_RETRIES, Integer.toString(retries));
            out.put(ProcessingKeys.PROCESSING_LAMBDA_BUFFER_SIZE_MB, size.toPlainString());
            out.put(ProcessingKeys.PROCESSING_LAMBDA_BUFFER_INTERVAL_SECONDS, Integer.toString(interval));
        }
    }

    /** Where the function named by LambdaArn runs: a URL, a Java class, or the URL configured for an ARN. */
    private static String function(String arn, TranslationEnvironment env) {
        if (arn.startsWith("http://") || arn.startsWith("https://")) {
            try {
                java.net.URI uri = java.net.URI.create(arn);
                if (uri.getHost() == null) {
                    throw new IllegalArgumentException("no host");
                }
            } catch (IllegalArgumentException e) {
                throw FirehoseErrors.invalidArgument("LambdaArn " + arn + " is not a valid URL.");
            }
            // With signed callers, a URL is a request to make the platform call an address: only those the
            // operator allows (any in open mode, where every caller may do everything anyway).
            if (env.urlFunctionAllowlist() != null
                    && env.refuseOffListUrls()
                    && !env.urlFunctionAllowlist().allows(arn)) {
                throw FirehoseErrors.invalidArgument("LambdaArn " + arn + " is not an allowed function URL: this "
                        + "platform calls only the URLs its operator allows (millrace.firehose.processing."
                        + "url-allowlist).");
            }
            return arn;
        }
        if (arn.startsWith("java:")) {
            if (!JAVA_CLASS.matcher(arn).matches()) {
                throw FirehoseErrors.invalidArgument("LambdaArn " + arn + " is not java:<fully qualified class name>.");
            }
            return arn;
        }
        if (LAMBDA_ARN.matcher(arn).matches()) {
            String url = env.lambdaFunctionUrls().get(arn);
            if (url == null) {
                throw FirehoseErrors.invalidArgument("Lambda function " + arn + " is not known to "
                        + "this platform: map it to a URL (millrace.firehose.lambda-function-urls), or give an "
                        + "http(s):// URL or java:<class name> as LambdaArn.");
            }
            return url;
        }
        throw FirehoseErrors.invalidArgument(
                "LambdaArn " + arn + " is not a Lambda function ARN, an " + "http(s):// URL or java:<class name>.");
    }

    private static int integer(Map<String, String> params, String name, int min, int max, int dflt) {
        String value = params.get(name);
        if (value == null) {
            return dflt;
        }
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw FirehoseErrors.invalidArgument(name + " must be an integer, not " + value + ".");
        }
        if (n < min || n > max) {
            throw FirehoseErrors.invalidArgument(
                    name + " must be between " + min + " and " + max + "; " + value + " is not.");
        }
        return n;
    }

    private static BigDecimal decimal(
            Map<String, String> params, String name, BigDecimal min, BigDecimal max, BigDecimal dflt) {
        String value = params.get(name);
        if (value == null) {
            return dflt;
        }
        BigDecimal n;
        try {
            n = new BigDecimal(value.trim());
        } catch (NumberFormatException e) {
            throw FirehoseErrors.invalidArgument(name + " must be a number, not " + value + ".");
        }
        if (n.compareTo(min) < 0 || n.compareTo(max) > 0) {
            throw FirehoseErrors.invalidArgument(name + " must be between " + min.toPlainString() + " and "
                    + max.toPlainString() + "; " + value + " is not.");
        }
        return n;
    }
}

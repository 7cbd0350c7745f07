package io.millrace.lambda.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.protocol.WireCodec;
import io.millrace.lambda.invoke.Invokers;
import io.millrace.schemas.lambda.EventSourceMappingRecord;
import io.millrace.schemas.lambda.FunctionRecord;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** The output shapes of the Lambda API, as botocore's model names their members. */
final class LambdaShapes {

    /** FunctionConfiguration's LastModified is text in Lambda's own form: {@code 2024-05-01T12:00:00.000+0000}. */
    private static final DateTimeFormatter LAST_MODIFIED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);

    private LambdaShapes() {}

    static String lastModified(long millis) {
        return LAST_MODIFIED.format(Instant.ofEpochMilli(millis));
    }

    /** FunctionConfiguration. */
    static ObjectNode configuration(FunctionRecord function) {
        ObjectNode out = WireCodec.object();
        out.put("FunctionName", function.getName());
        out.put("FunctionArn", function.getArn());
        if (function.getRuntime() != null) {
            out.put("Runtime", function.getRuntime());
        }
        out.put("Role", function.getRole());
        if (function.getHandler() != null) {
            out.put("Handler", function.getHandler());
        }
        out.put("CodeSize", function.getCodeSize());
        out.put("Description", function.getDescription());
        out.put("Timeout", function.getTimeoutSeconds());
        out.put("MemorySize", function.getMemorySize());
        out.put("LastModified", lastModified(function.getLastModifiedMillis()));
        out.put("CodeSha256", function.getCodeSha256());
        out.put("Version", "$LATEST");
        if (!function.getEnvironment().isEmpty()) {
            ObjectNode variables = out.putObject("Environment").putObject("Variables");
            function.getEnvironment().forEach(variables::put);
        }
        out.putObject("TracingConfig").put("Mode", "PassThrough");
        out.put("RevisionId", function.getRevisionId());
        out.put("State", "Active");
        out.put("LastUpdateStatus", "Successful");
        out.put("PackageType", function.getPackageType());
        out.putArray("Architectures").add("x86_64");
        out.putObject("EphemeralStorage").put("Size", 512);
        return out;
    }

    /** GetFunction's answer: the configuration, where the code is, the tags and the reserved concurrency. */
    static ObjectNode function(FunctionRecord function) {
        ObjectNode out = WireCodec.object();
        out.set("Configuration", configuration(function));
        ObjectNode code = out.putObject("Code");
        if (Invokers.isUrlFunction(function)) {
            code.put("RepositoryType", "ECR");
            code.put("ImageUri", function.getImageUri());
            code.put("ResolvedImageUri", function.getImageUri());
        } else {
            code.put("RepositoryType", "S3");
            code.put("Location", "classpath:" + function.getHandler());
        }
        if (!function.getTags().isEmpty()) {
            ObjectNode tags = out.putObject("Tags");
            function.getTags().forEach(tags::put);
        }
        if (function.getReservedConcurrentExecutions() != null) {
            out.putObject("Concurrency")
                    .put("ReservedConcurrentExecutions", function.getReservedConcurrentExecutions());
        }
        return out;
    }

    /** EventSourceMappingConfiguration. */
    static ObjectNode mapping(
            EventSourceMappingRecord mapping, String region, String account, String state, String lastResult) {
        ObjectNode out = WireCodec.object();
        out.put("UUID", mapping.getUuid());
        out.put("StartingPosition", mapping.getStartingPosition());
        if (mapping.getStartingPositionTimestampMillis() != null) {
            out.putPOJO(
                    "StartingPositionTimestamp", Instant.ofEpochMilli(mapping.getStartingPositionTimestampMillis()));
        }
        out.put("BatchSize", mapping.getBatchSize());
        out.put("MaximumBatchingWindowInSeconds", mapping.getMaximumBatchingWindowInSeconds());
        out.put("ParallelizationFactor", mapping.getParallelizationFactor());
        out.put("EventSourceArn", mapping.getEventSourceArn());
        out.put("FunctionArn", mapping.getFunctionArn());
        out.putPOJO("LastModified", Instant.ofEpochMilli(mapping.getLastModifiedMillis()));
        out.put("LastProcessingResult", lastResult);
        out.put("State", state);
        // AWS: whether a user or Lambda made the last change; Lambda's own when a poller disabled the mapping.
        out.put(
                "StateTransitionReason",
                mapping.getStateTransitionReason() == null ? "User action" : mapping.getStateTransitionReason());
        ObjectNode destination = out.putObject("DestinationConfig");
        if (mapping.getOnFailureDestination() != null) {
            destination.putObject("OnFailure").put("Destination", mapping.getOnFailureDestination());
        } else {
            destination.putObject("OnFailure");
        }
        out.put("MaximumRecordAgeInSeconds", mapping.getMaximumRecordAgeInSeconds());
        out.put("BisectBatchOnFunctionError", mapping.getBisectBatchOnFunctionError());
        out.put("MaximumRetryAttempts", mapping.getMaximumRetryAttempts());
        out.put("TumblingWindowInSeconds", mapping.getTumblingWindowInSeconds());
        ArrayNode types = out.putArray("FunctionResponseTypes");
        mapping.getFunctionResponseTypes().forEach(types::add);
        if (!mapping.getFilterPatterns().isEmpty()) {
            ArrayNode filters = out.putObject("FilterCriteria").putArray("Filters");
            mapping.getFilterPatterns().forEach(p -> filters.addObject().put("Pattern", p));
        }
        out.put(
                "EventSourceMappingArn",
                "arn:aws:lambda:" + region + ":" + account + ":event-source-mapping:" + mapping.getUuid());
        return out;
    }

    static ObjectNode tags(Map<String, String> tags) {
        ObjectNode out = WireCodec.object();
        tags.forEach(out::put);
        return out;
    }
}

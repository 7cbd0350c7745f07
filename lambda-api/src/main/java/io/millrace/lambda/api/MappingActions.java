package io.millrace.lambda.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.Fields;
import io.millrace.gateway.protocol.Validation;
import io.millrace.gateway.protocol.WireCodec;
import io.millrace.kinesis.model.arn.ConsumerArn;
import io.millrace.kinesis.model.arn.StreamArn;
import io.millrace.lambda.errors.LambdaErrors;
import io.millrace.lambda.filter.Filters;
import io.millrace.lambda.store.LambdaStore;
import io.millrace.lambda.store.StreamDirectory;
import io.millrace.schemas.lambda.EventSourceMappingRecord;
import io.millrace.schemas.lambda.FunctionRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Create, Get, List, Update and DeleteEventSourceMapping for Kinesis streams (and stream consumers, read as their
 * stream). The limits and defaults are the API reference's for Kinesis sources: BatchSize 1-10000 (100 by
 * default), MaximumBatchingWindowInSeconds 0-300, ParallelizationFactor 1-10, MaximumRecordAgeInSeconds -1 or
 * 60-604800, MaximumRetryAttempts -1 to 10000 (-1, infinite, by default), TumblingWindowInSeconds 0-900,
 * FilterCriteria at most five patterns of at most 4096 characters.
 */
final class MappingActions {

    private static final Logger LOG = LoggerFactory.getLogger(MappingActions.class);
    private static final int DEFAULT_BATCH_SIZE = 100;
    /** ListEventSourceMappings pages by 100 when MaxItems is not given. */
    private static final int DEFAULT_PAGE = 100;

    private final LambdaStore store;
    private final StreamDirectory streams;
    private final ProcessingResults results;

    MappingActions(LambdaStore store, StreamDirectory streams, ProcessingResults results) {
        this.store = store;
        this.streams = streams;
        this.results = results;
    }

    JsonNode create(AwsRequest request) throws InterruptedException {
        JsonNode body = request.body();
        String functionName = Fields.text(body, "FunctionName");
        String source = Fields.text(body, "EventSourceArn");
        String startingPosition = Fields.text(body, "StartingPosition");
        new Validation()
                .required("functionName", functionName)
                .length("functionName", functionName, 1, 256)
                .oneOf("startingPosition", startingPosition, Set.of("TRIM_HORIZON", "LATEST", "AT_TIMESTAMP"))
                .throwIfInvalid();
        if (source == null) {
            throw LambdaErrors.invalidParameter("Unrecognized event source, must be kinesis, dynamodb stream, sqs,"
                    + " msk or self-managed kafka: EventSourceArn is required.");
        }
        String stream = streamOf(source);
        if (startingPosition == null) {
            throw LambdaErrors.invalidParameter("StartingPosition is required for a Kinesis event source.");
        }
        Instant timestamp = Fields.timestamp(body, "StartingPositionTimestamp", request.format());
        if (startingPosition.equals("AT_TIMESTAMP") && timestamp == null) {
            throw LambdaErrors.invalidParameter(
                    "StartingPositionTimestamp is required with the AT_TIMESTAMP" + " starting position.");
        }
        if (!startingPosition.equals("AT_TIMESTAMP") && timestamp != null) {
            throw LambdaErrors.invalidParameter(
                    "StartingPositionTimestamp is only valid with the AT_TIMESTAMP" + " starting position.");
        }
        FunctionRecord function = function(request, functionName);
        refuseTaken(source, function.getArn(), function.getName());
        long now = System.currentTimeMillis();
        String uuid = UUID.randomUUID().toString();
        EventSourceMappingRecord.Builder mapping = EventSourceMappingRecord.newBuilder()
                .setUuid(uuid)
                .setVersion(1L)
                .setFunctionArn(function.getArn())
                .setEventSourceArn(source)
                .setStreamName(stream)
                .setEnabled(true)
                .setBatchSize(DEFAULT_BATCH_SIZE)
                .setMaximumBatchingWindowInSeconds(0)
                .setStartingPosition(startingPosition)
                .setStartingPositionTimestampMillis(timestamp == null ? null : timestamp.toEpochMilli())
                .setStartMillis(
                        switch (startingPosition) {
                            case "TRIM_HORIZON" -> 0L;
                            case "LATEST" -> now;
                            default -> timestamp.toEpochMilli();
                        })
                .setCreatedMillis(now)
                .setLastModifiedMillis(now)
                .setTags(Map.of());
        applySettings(request, body, mapping);
        EventSourceMappingRecord record = mapping.build();
        EventSourceMappingRecord written = StoreWrites.await(store.updateMapping(uuid, current -> record));
        LOG.info("Event source mapping {} created: {} to {}", uuid, source, function.getName());
        return LambdaShapes.mapping(written, request.region(), request.accountId(), "Creating", "No records processed");
    }

    JsonNode get(AwsRequest request) {
        EventSourceMappingRecord mapping = find(request);
        return shape(request, mapping, mapping.getEnabled() ? "Enabled" : "Disabled");
    }

    JsonNode list(AwsRequest request) {
        JsonNode body = request.body();
        String source = Fields.text(body, "EventSourceArn");
        String functionName = Fields.text(body, "FunctionName");
        Integer maxItems = Fields.integer(body, "MaxItems");
        String marker = Fields.text(body, "Marker");
        new Validation().range("maxItems", maxItems, 1, 10000).throwIfInvalid();
        String functionArn = functionName == null
                ? null
                : FunctionNames.arn(
                        request.region(),
                        request.accountId(),
                        FunctionNames.parse(functionName, request.region(), request.accountId())
                                .name());
        int limit = maxItems == null ? DEFAULT_PAGE : maxItems;
        ObjectNode out = WireCodec.object();
        ArrayNode list = out.putArray("EventSourceMappings");
        String last = null;
        boolean more = false;
        for (EventSourceMappingRecord mapping : store.mappings()) {
            if ((marker != null && mapping.getUuid().compareTo(marker) <= 0)
                    || (source != null && !mapping.getEventSourceArn().equals(source))
                    || (functionArn != null && !mapping.getFunctionArn().equals(functionArn))) {
                continue;
            }
            if (list.size() == limit) {
                more = true;
                break;
            }
            list.add(shape(request, mapping, mapping.getEnabled() ? "Enabled" : "Disabled"));
            last = mapping.getUuid();
        }
        if (more) {
            out.put("NextMarker", last);
        }
        return out;
    }

    JsonNode update(AwsRequest request) throws InterruptedException {
        EventSourceMappingRecord found = find(request);
        JsonNode body = request.body();
        String functionName = Fields.text(body, "FunctionName");
        String functionArn =
                functionName == null ? null : function(request, functionName).getArn();
        String source = Boolean.TRUE.equals(Fields.bool(body, "Enabled")) ? sourceToEnable(found) : null;
        EventSourceMappingRecord written = StoreWrites.await(store.updateMapping(found.getUuid(), current -> {
            if (current == null) {
                throw LambdaErrors.mappingNotFound(found.getUuid());
            }
            EventSourceMappingRecord.Builder next = EventSourceMappingRecord.newBuilder(current);
            if (functionArn != null) {
                next.setFunctionArn(functionArn);
            }
            if (source != null) {
                next.setEventSourceArn(source);
            }
            applySettings(request, body, next);
            return next.setLastModifiedMillis(System.currentTimeMillis()).build();
        }));
        LOG.info("Event source mapping {} updated", written.getUuid());
        return shape(
                request, written, !written.getEnabled() ? "Disabling" : found.getEnabled() ? "Updating" : "Enabling");
    }

    JsonNode delete(AwsRequest request) throws InterruptedException {
        EventSourceMappingRecord found = find(request);
        StoreWrites.await(store.removeMapping(found));
        LOG.info("Event source mapping {} deleted", found.getUuid());
        return shape(request, found, "Deleting");
    }

    /** The members Create and Update share, each left as it is when the request does not name it. */
    private void applySettings(AwsRequest request, JsonNode body, EventSourceMappingRecord.Builder mapping) {
        Boolean enabled = Fields.bool(body, "Enabled");
        Integer batchSize = Fields.integer(body, "BatchSize");
        Integer window = Fields.integer(body, "MaximumBatchingWindowInSeconds");
        Integer parallelization = Fields.integer(body, "ParallelizationFactor");
        Integer maxAge = Fields.integer(body, "MaximumRecordAgeInSeconds");
        Integer retries = Fields.integer(body, "MaximumRetryAttempts");
        Integer tumbling = Fields.integer(body, "TumblingWindowInSeconds");
        Boolean bisect = Fields.bool(body, "BisectBatchOnFunctionError");
        new Validation()
                .range("batchSize", batchSize, 1, 10000)
                .range("maximumBatchingWindowInSeconds", window, 0, 300)
                .range("parallelizationFactor", parallelization, 1, 10)
                .range("maximumRecordAgeInSeconds", maxAge, -1, 604800)
                .range("maximumRetryAttempts", retries, -1, 10000)
                .range("tumblingWindowInSeconds", tumbling, 0, 900)
                .throwIfInvalid();
        if (maxAge != null && maxAge != -1 && maxAge < 60) {
            throw LambdaErrors.invalidParameter("MaximumRecordAgeInSeconds must be -1 (infinite) or between 60 and"
                    + " 604800, got " + maxAge + ".");
        }
        JsonNode filters = Fields.object(body, "FilterCriteria");
        if (filters != null) {
            mapping.setFilterPatterns(filterPatterns(filters));
        }
        List<String> responseTypes = new ArrayList<>();
        JsonNode types = Fields.array(body, "FunctionResponseTypes");
        if (types != null) {
            for (JsonNode type : types) {
                if (!type.isTextual() || !type.textValue().equals("ReportBatchItemFailures")) {
                    throw LambdaErrors.invalidParameter("FunctionResponseTypes may only hold ReportBatchItemFailures.");
                }
                responseTypes.add(type.textValue());
            }
            mapping.setFunctionResponseTypes(responseTypes);
        }
        JsonNode destinations = Fields.object(body, "DestinationConfig");
        if (destinations != null) {
            JsonNode onFailure = Fields.object(destinations, "OnFailure");
            String destination = onFailure == null ? null : Fields.text(onFailure, "Destination");
            if (destination != null && !destination.isEmpty()) {
                String target = StreamArn.parse(destination) == null ? null : StreamArn.parse(destination).stream();
                if (target == null) {
                    throw LambdaErrors.invalidParameter("The on-failure destination of a Kinesis event source mapping"
                            + " here is a Kinesis stream ARN: " + destination);
                }
                var metadata = streams.stream(target)
                        .orElseThrow(() -> LambdaErrors.invalidParameter("Stream not found: " + destination));
                if (!"NONE".equals(metadata.getEncryptionType())) {
                    throw LambdaErrors.invalidParameter("The on-failure destination " + destination + " is encrypted:"
                            + " not supported by this endpoint yet.");
                }
            }
            mapping.setOnFailureDestination(destination == null || destination.isEmpty() ? null : destination);
        }
        if (enabled != null) {
            // A user's change: what Lambda recorded when it disabled the mapping no longer stands.
            mapping.setEnabled(enabled).setStateTransitionReason(null).setLastProcessingResult(null);
        }
        if (batchSize != null) {
            mapping.setBatchSize(batchSize);
        }
        if (window != null) {
            mapping.setMaximumBatchingWindowInSeconds(window);
        }
        if (parallelization != null) {
            mapping.setParallelizationFactor(parallelization);
        }
        if (maxAge != null) {
            mapping.setMaximumRecordAgeInSeconds(maxAge);
        }
        if (retries != null) {
            mapping.setMaximumRetryAttempts(retries);
        }
        if (bisect != null) {
            mapping.setBisectBatchOnFunctionError(bisect);
        }
        if (tumbling != null) {
            mapping.setTumblingWindowInSeconds(tumbling);
        }
        if (mapping.getTumblingWindowInSeconds() > 0 && mapping.getParallelizationFactor() > 1) {
            throw LambdaErrors.invalidParameter("TumblingWindowInSeconds with a ParallelizationFactor above 1 is not"
                    + " supported by this endpoint: a shard's window state is kept by one invocation at a time.");
        }
    }

    /**
     * FilterCriteria's patterns, checked: at most {@link Filters#MAX_FILTERS}, each at most 4096 characters and in
     * the filter rule syntax. An empty FilterCriteria (or Filters list) removes the filters, as in AWS.
     */
    private static List<String> filterPatterns(JsonNode criteria) {
        JsonNode list = Fields.array(criteria, "Filters");
        List<String> patterns = new ArrayList<>();
        if (list == null) {
            return patterns;
        }
        if (list.size() > Filters.MAX_FILTERS) {
            throw LambdaErrors.invalidParameter("The number of filters (" + list.size() + ") exceeds the limit of "
                    + Filters.MAX_FILTERS + " per event source mapping.");
        }
        for (JsonNode filter : list) {
            String pattern = filter.isObject() ? Fields.text(filter, "Pattern") : null;
            new Validation()
                    .length("filterCriteria.filters.member.pattern", pattern, 0, Filters.MAX_PATTERN_LENGTH)
                    .throwIfInvalid();
            patterns.add(pattern == null ? "" : pattern);
        }
        try {
            Filters.of(patterns);
        } catch (IllegalArgumentException e) {
            throw LambdaErrors.invalidParameter("Invalid filter pattern definition: " + e.getMessage() + ".");
        }
        return patterns;
    }

    private String streamOf(String source) {
        StreamArn stream = StreamArn.parse(source);
        String name;
        if (stream != null) {
            name = stream.stream();
        } else {
            ConsumerArn consumer = ConsumerArn.parse(source);
            if (consumer == null) {
                throw LambdaErrors.invalidParameter("Unrecognized event source: " + source + ". This endpoint maps"
                        + " Kinesis streams and stream consumers.");
            }
            name = consumer.stream();
        }
        var metadata =
                streams.stream(name).orElseThrow(() -> LambdaErrors.invalidParameter("Stream not found: " + source));
        ConsumerArn consumer = stream == null ? ConsumerArn.parse(source) : null;
        if (consumer != null && !StreamDirectory.registered(metadata, consumer)) {
            // AWS checks the consumer when the mapping is made, as it checks the stream.
            throw LambdaErrors.invalidParameter("Stream consumer not found: " + source);
        }
        if (!"NONE".equals(metadata.getEncryptionType())) {
            throw LambdaErrors.invalidParameter("Stream " + source + " is encrypted: event source mappings of"
                    + " encrypted streams are not supported by this endpoint yet.");
        }
        return name;
    }

    /**
     * The event source a mapping is enabled on: its own while it can be read, else refused as CreateEventSourceMapping
     * refuses it. A consumer ARN ends with the consumer's registration second, so a consumer deregistered and
     * registered again under its name has another ARN, which UpdateEventSourceMapping cannot name: enabling a
     * mapping of the old ARN moves it to the consumer registered now (a choice of this endpoint, so that a consumer
     * re-created after Lambda disabled its mapping can resume it).
     */
    private String sourceToEnable(EventSourceMappingRecord mapping) {
        String source = mapping.getEventSourceArn();
        String problem = streams.sourceProblem(source, mapping.getStreamName()).orElse(null);
        if (problem == null) {
            return source;
        }
        ConsumerArn consumer = ConsumerArn.parse(source);
        String again = consumer == null || problem.equals(StreamDirectory.STREAM_NOT_FOUND)
                ? null
                : streams.registeredAgain(
                                consumer, StreamArn.format(consumer.region(), consumer.account(), consumer.stream()))
                        .orElse(null);
        if (again == null) {
            throw LambdaErrors.invalidParameter(problem + ": " + source);
        }
        refuseTaken(again, mapping.getFunctionArn(), mapping.getFunctionArn());
        return again;
    }

    /** AWS allows one mapping of a source to a function. */
    private void refuseTaken(String source, String functionArn, String functionName) {
        for (EventSourceMappingRecord existing : store.mappings()) {
            if (existing.getEventSourceArn().equals(source)
                    && existing.getFunctionArn().equals(functionArn)) {
                throw LambdaErrors.conflict("The event source arn (" + source + ") and function (" + functionName
                        + ") provided mapping already exists. Please update or delete the existing mapping with UUID "
                        + existing.getUuid());
            }
        }
    }

    private FunctionRecord function(AwsRequest request, String functionName) {
        String name = FunctionNames.parse(functionName, request.region(), request.accountId())
                .name();
        return store.function(name)
                .orElseThrow(() -> LambdaErrors.resourceNotFound(
                        "Function does not exist: " + FunctionNames.arn(request.region(), request.accountId(), name)));
    }

    private EventSourceMappingRecord find(AwsRequest request) {
        String uuid = Fields.text(request.body(), "UUID");
        new Validation().required("uUID", uuid).throwIfInvalid();
        return store.mapping(uuid).orElseThrow(() -> LambdaErrors.mappingNotFound(uuid));
    }

    private ObjectNode shape(AwsRequest request, EventSourceMappingRecord mapping, String state) {
        String result = mapping.getLastProcessingResult() != null && !mapping.getEnabled()
                ? mapping.getLastProcessingResult()
                : results.lastResult(mapping.getUuid());
        return LambdaShapes.mapping(
                mapping,
                request.region(),
                request.accountId(),
                state,
                result == null ? "No records processed" : result);
    }
}

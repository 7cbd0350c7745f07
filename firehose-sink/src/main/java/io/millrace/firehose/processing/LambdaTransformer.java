package io.millrace.firehose.processing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.firehose.config.LambdaSettings;
import io.millrace.firehose.metrics.DeliveryMetrics;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lambda processor with AWS's contract ("Transform source data in Amazon Data Firehose"): records go to the
 * function in batches, each record comes back by its recordId as Ok (with new data), Dropped or ProcessingFailed. A
 * failed invocation (error, timeout, throttling) is retried NumberOfRetries times with a doubling backoff; then every
 * record of the batch fails with the last error code. An answer is not retried: a response that is not the
 * contract's JSON fails the batch, a record missing from it, returned twice or malformed fails on its own.
 */
final class LambdaTransformer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LambdaTransformer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Lambda's synchronous invocation payload limit: 6 MB for the request (and the response). */
    static final long MAX_PAYLOAD_BYTES = 6L * 1024 * 1024;
    /** Room in the payload for a record's fields other than its data, and for the event's own fields. */
    private static final int RECORD_OVERHEAD_BYTES = 512;

    private static final long MAX_BACKOFF_MILLIS = 30_000;
    /** The errorCode of records the function itself marks ProcessingFailed. */
    static final String PROCESSING_FAILED = "Lambda.ProcessingFailedStatus";

    /** The Kinesis Data Streams fields AWS adds to each record of a Kinesis stream source. */
    record KinesisMetadata(
            String shardId,
            String partitionKey,
            long approximateArrivalTimestamp,
            String sequenceNumber,
            String subsequenceNumber) {}

    record Input(String recordId, long approximateArrivalTimestamp, byte[] data, KinesisMetadata kinesis) {}

    sealed interface Result {
        record Ok(byte[] data, Map<String, String> partitionKeys) implements Result {}

        record Dropped() implements Result {}

        record Failed(String errorCode, String errorMessage, int attemptsMade) implements Result {}
    }

    private final LambdaSettings settings;
    private final LambdaInvoker invoker;
    private final DeliveryMetrics.Processing metrics;

    LambdaTransformer(LambdaSettings settings, DeliveryMetrics.Processing metrics) {
        this(
                settings,
                LambdaInvoker.forFunction(settings.function(), settings.timeoutMillis(), settings.urlAllowlist()),
                metrics);
    }

    LambdaTransformer(LambdaSettings settings, LambdaInvoker invoker, DeliveryMetrics.Processing metrics) {
        this.settings = settings;
        this.invoker = invoker;
        this.metrics = metrics;
    }

    /** One result per input, in input order. Blocks while invocations are retried. */
    List<Result> transform(List<Input> inputs) {
        List<Result> out = new ArrayList<>(inputs.size());
        int from = 0;
        while (from < inputs.size()) {
            int to = batchEnd(inputs, from);
            out.addAll(invokeWithRetries(inputs.subList(from, to)));
            from = to;
        }
        return out;
    }

    /** The end of the batch starting at {@code from}: BufferSizeInMBs of data, within Lambda's payload limit. */
    private int batchEnd(List<Input> inputs, int from) {
        long data = 0;
        long payload = RECORD_OVERHEAD_BYTES;
        int i = from;
        while (i < inputs.size()) {
            int size = inputs.get(i).data().length;
            long encoded = 4L * ((size + 2) / 3) + RECORD_OVERHEAD_BYTES;
            if (i > from && (data + size > settings.bufferSizeBytes() || payload + encoded > MAX_PAYLOAD_BYTES)) {
                break;
            }
            data += size;
            payload += encoded;
            i++;
        }
        return i;
    }

    private List<Result> invokeWithRetries(List<Input> batch) {
        ObjectNode event = event(batch);
        int attempts = 0;
        long backoff = settings.retryBackoffMillis();
        while (true) {
            attempts++;
            long start = System.nanoTime();
            try {
                JsonNode response = invoker.invoke(event);
                List<Result> results = results(batch, response, attempts);
                metrics.invoked((System.nanoTime() - start) / 1_000_000, true);
                countSucceeded(results);
                return results;
            } catch (InvocationException e) {
                metrics.invoked((System.nanoTime() - start) / 1_000_000, false);
                if (!e.retryable() || attempts > settings.numberOfRetries()) {
                    log.error(
                            "Lambda {}: {} records go to the error output after {} failed invocations: {} {}",
                            settings.lambdaArn(),
                            batch.size(),
                            attempts,
                            e.errorCode(),
                            e.getMessage());
                    List<Result> failed = new ArrayList<>(batch.size());
                    for (int i = 0; i < batch.size(); i++) {
                        failed.add(new Result.Failed(e.errorCode(), e.getMessage(), attempts));
                    }
                    return failed;
                }
                log.warn(
                        "Lambda {}: invocation {} of {} records failed, retrying in {} ms: {} {}",
                        settings.lambdaArn(),
                        attempts,
                        batch.size(),
                        backoff,
                        e.errorCode(),
                        e.getMessage());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    // The task is stopping: nothing of this batch was delivered, so nothing is committed.
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while retrying the Lambda invocation", interrupted);
                }
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            }
        }
    }

    private void countSucceeded(List<Result> results) {
        long records = 0;
        long bytes = 0;
        for (Result r : results) {
            if (r instanceof Result.Ok ok) {
                records++;
                bytes += ok.data().length;
            } else if (r instanceof Result.Dropped) {
                records++;
            }
        }
        metrics.succeeded(records, bytes);
    }

    /** AWS's invocation event. */
    private ObjectNode event(List<Input> batch) {
        ObjectNode event = JSON.createObjectNode();
        event.put("invocationId", UUID.randomUUID().toString());
        event.put("deliveryStreamArn", settings.deliveryStreamArn());
        if (settings.sourceKinesisStreamArn() != null) {
            event.put("sourceKinesisStreamArn", settings.sourceKinesisStreamArn());
        }
        event.put("region", settings.region());
        ArrayNode records = event.putArray("records");
        Base64.Encoder base64 = Base64.getEncoder();
        for (Input input : batch) {
            ObjectNode record = records.addObject();
            record.put("recordId", input.recordId());
            record.put("approximateArrivalTimestamp", input.approximateArrivalTimestamp());
            record.put("data", base64.encodeToString(input.data()));
            KinesisMetadata k = input.kinesis();
            if (k != null) {
                ObjectNode meta = record.putObject("kinesisRecordMetadata");
                meta.put("shardId", k.shardId());
                meta.put("partitionKey", k.partitionKey());
                meta.put("approximateArrivalTimestamp", k.approximateArrivalTimestamp());
                meta.put("sequenceNumber", k.sequenceNumber());
                meta.put("subsequenceNumber", k.subsequenceNumber());
            }
        }
        return event;
    }

    /**
     * Matches the response to the batch by recordId. Records returned for ids the batch did not carry are ignored;
     * a record of the batch not returned, or returned twice, fails alone, as does one with an unknown result or data
     * that is not base64. Messages of the first two are AWS's.
     */
    private static List<Result> results(List<Input> batch, JsonNode response, int attempts) throws InvocationException {
        JsonNode records = response == null ? null : response.get("records");
        if (records == null || !records.isArray()) {
            throw new InvocationException(
                    InvocationException.JSON_PROCESSING,
                    "The function's response has no records array; it must be {\"records\": [...]}.");
        }
        Map<String, JsonNode> returned = new HashMap<>();
        Set<String> duplicated = new HashSet<>();
        for (JsonNode record : records) {
            JsonNode id = record.get("recordId");
            if (id != null && id.isTextual() && returned.putIfAbsent(id.asText(), record) != null) {
                duplicated.add(id.asText());
            }
        }
        List<Result> out = new ArrayList<>(batch.size());
        for (Input input : batch) {
            JsonNode record = returned.get(input.recordId());
            if (duplicated.contains(input.recordId())) {
                out.add(new Result.Failed(
                        InvocationException.DUPLICATED_RECORD_ID,
                        "Multiple records were returned "
                                + "with the same record Id. Ensure that the Lambda function returns a unique record Id for "
                                + "each record.",
                        attempts));
            } else if (record == null) {
                out.add(new Result.Failed(
                        InvocationException.MISSING_RECORD_ID,
                        "One or more record Ids were not "
                                + "returned. Ensure that the Lambda function returns all received record Ids.",
                        attempts));
            } else {
                out.add(result(record, attempts));
            }
        }
        return out;
    }

    private static Result result(JsonNode record, int attempts) {
        String result = record.path("result").asText(null);
        if ("Dropped".equals(result)) {
            return new Result.Dropped();
        }
        if ("ProcessingFailed".equals(result)) {
            // The code and message Firehose writes for records the function itself fails.
            return new Result.Failed(PROCESSING_FAILED, "ProcessingFailed status set for record", attempts);
        }
        if (!"Ok".equals(result)) {
            return new Result.Failed(
                    InvocationException.JSON_PROCESSING,
                    "The result of the record is " + result + "; it must be Ok, Dropped or ProcessingFailed.",
                    attempts);
        }
        JsonNode data = record.get("data");
        if (data == null || !data.isTextual()) {
            return new Result.Failed(
                    InvocationException.JSON_PROCESSING, "The record is Ok but has no data.", attempts);
        }
        try {
            return new Result.Ok(Base64.getDecoder().decode(data.asText()), partitionKeys(record));
        } catch (IllegalArgumentException e) {
            return new Result.Failed(
                    InvocationException.JSON_PROCESSING, "The data of the record is not valid " + "base64.", attempts);
        } catch (InvocationException e) {
            return new Result.Failed(e.errorCode(), e.getMessage(), attempts);
        }
    }

    /** metadata.partitionKeys, passed through for dynamic partitioning. */
    private static Map<String, String> partitionKeys(JsonNode record) throws InvocationException {
        JsonNode keys = record.path("metadata").path("partitionKeys");
        if (keys.isMissingNode() || keys.isNull()) {
            return Map.of();
        }
        if (!keys.isObject()) {
            throw new InvocationException(
                    InvocationException.JSON_PROCESSING,
                    "metadata.partitionKeys of record "
                            + record.path("recordId").asText() + " is not an object.");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = keys.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    @Override
    public void close() {
        invoker.close();
    }
}

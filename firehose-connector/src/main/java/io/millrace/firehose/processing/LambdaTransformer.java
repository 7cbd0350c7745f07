package io.millrace.firehose.processing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * failed invocation, or a response that breaks the contract, is retried NumberOfRetries times with a doubling
 * backoff; then every record of the batch fails with the last error code.
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
    static final String PROCESSING_FAILED = "Lambda.ProcessingFailed";

    /** The Kinesis Data Streams fields AWS adds to each record of a Kinesis stream source. */
    record KinesisMetadata(String shardId, String partitionKey, long approximateArrivalTimestamp,
            String sequenceNumber, String subsequenceNumber) {}

    record Input(String recordId, long approximateArrivalTimestamp, byte[] data, KinesisMetadata kinesis) {}

    sealed interface Result {
        record Ok(byte[] data, Map<String, String> partitionKeys) implements Result {}

        record Dropped() implements Result {}

        record Failed(String errorCode, String errorMessage, int attemptsMade) implements Result {}
    }

    private final LambdaSettings settings;
    private final LambdaInvoker invoker;

    LambdaTransformer(LambdaSettings settings) {
        this(settings, LambdaInvoker.forFunction(settings.function(), settings.timeoutMillis()));
    }

    LambdaTransformer(LambdaSettings settings, LambdaInvoker invoker) {
        this.settings = settings;
        this.invoker = invoker;
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
            try {
                return results(batch, invoker.invoke(event), attempts);
            } catch (InvocationException e) {
                if (attempts > settings.numberOfRetries()) {
                    log.error("Lambda {}: {} records go to the error output after {} failed invocations: {} {}",
                            settings.lambdaArn(), batch.size(), attempts, e.errorCode(), e.getMessage());
                    List<Result> failed = new ArrayList<>(batch.size());
                    for (int i = 0; i < batch.size(); i++) {
                        failed.add(new Result.Failed(e.errorCode(), e.getMessage(), attempts));
                    }
                    return failed;
                }
                log.warn("Lambda {}: invocation {} of {} records failed, retrying in {} ms: {} {}",
                        settings.lambdaArn(), attempts, batch.size(), backoff, e.errorCode(), e.getMessage());
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

    /** Checks the response against the contract and matches it to the batch by recordId. */
    private static List<Result> results(List<Input> batch, JsonNode response, int attempts)
            throws InvocationException {
        JsonNode records = response == null ? null : response.get("records");
        if (records == null || !records.isArray()) {
            throw new InvocationException(InvocationException.JSON_PROCESSING,
                    "The function's response has no records array.");
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            index.put(batch.get(i).recordId(), i);
        }
        Result[] out = new Result[batch.size()];
        Set<String> seen = new HashSet<>();
        Base64.Decoder base64 = Base64.getDecoder();
        for (JsonNode record : records) {
            JsonNode id = record.get("recordId");
            if (id == null || !id.isTextual()) {
                throw new InvocationException(InvocationException.MISSING_RECORD_ID,
                        "A returned record has no recordId.");
            }
            String recordId = id.asText();
            Integer position = index.get(recordId);
            if (position == null) {
                throw new InvocationException(InvocationException.MISSING_RECORD_ID, "The function returned recordId "
                        + recordId + ", which was not in the invocation; every recordId must come back unchanged.");
            }
            if (!seen.add(recordId)) {
                throw new InvocationException(InvocationException.DUPLICATED_RECORD_ID,
                        "The function returned recordId " + recordId + " more than once.");
            }
            String result = record.path("result").asText(null);
            if ("Ok".equals(result)) {
                JsonNode data = record.get("data");
                if (data == null || !data.isTextual()) {
                    throw new InvocationException(InvocationException.JSON_PROCESSING,
                            "Record " + recordId + " is Ok but has no data.");
                }
                byte[] bytes;
                try {
                    bytes = base64.decode(data.asText());
                } catch (IllegalArgumentException e) {
                    throw new InvocationException(InvocationException.JSON_PROCESSING,
                            "The data of record " + recordId + " is not valid base64.");
                }
                out[position] = new Result.Ok(bytes, partitionKeys(record));
            } else if ("Dropped".equals(result)) {
                out[position] = new Result.Dropped();
            } else if ("ProcessingFailed".equals(result)) {
                out[position] = new Result.Failed(PROCESSING_FAILED,
                        "The function returned ProcessingFailed for this record.", attempts);
            } else {
                throw new InvocationException(InvocationException.JSON_PROCESSING, "Record " + recordId
                        + " has result " + result + "; it must be Ok, Dropped or ProcessingFailed.");
            }
        }
        if (seen.size() < batch.size()) {
            throw new InvocationException(InvocationException.MISSING_RECORD_ID, (batch.size() - seen.size())
                    + " of the " + batch.size() + " records sent were not returned.");
        }
        return List.of(out);
    }

    /** metadata.partitionKeys, passed through for dynamic partitioning. */
    private static Map<String, String> partitionKeys(JsonNode record) throws InvocationException {
        JsonNode keys = record.path("metadata").path("partitionKeys");
        if (keys.isMissingNode() || keys.isNull()) {
            return Map.of();
        }
        if (!keys.isObject()) {
            throw new InvocationException(InvocationException.JSON_PROCESSING,
                    "metadata.partitionKeys of record " + record.path("recordId").asText() + " is not an object.");
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

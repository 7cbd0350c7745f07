package io.millrace.firehose.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * One task's delivery health as it publishes it to the health topic (key {@link #key}, value this record as JSON):
 * whether its deliveries fail, since when and with what, and its delivery counters since the task started.
 *
 * <p>The JSON evolves by adding fields only: a reader ignores fields it does not know and reads missing ones as
 * empty. {@code destination} and {@code target} came after {@code bucket}: a report without them (a task of an
 * earlier version) is an S3 destination whose target is its bucket.
 *
 * @param bucket               the destination bucket, or for other destinations the S3 bucket of failed records
 * @param destination          the destination kind ({@link DeliveryTarget#kind()})
 * @param target               what it delivers to: the bucket, the endpoint URL, the Iceberg tables
 * @param failingSinceMillis   the first failure of the current run of failures, 0 while delivering
 * @param consecutiveFailures  failed attempts since the last success
 * @param lastSuccessMillis    the last successful write, 0 when none since the task started
 * @param dataFreshnessSeconds age of the oldest record buffered and not yet in S3 (DeliveryToS3.DataFreshness)
 */
public record HealthReport(
        String stream,
        String task,
        String bucket,
        String destination,
        String target,
        long updatedAtMillis,
        long intervalMillis,
        long failingSinceMillis,
        long consecutiveFailures,
        String errorType,
        String errorMessage,
        long lastSuccessMillis,
        long successfulPuts,
        long failedPuts,
        long records,
        long bytes,
        long dataFreshnessSeconds) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The key of a task's report: {@code <stream>/<task>}. */
    public static String key(String stream, String task) {
        return stream + "/" + task;
    }

    public static String streamOf(String key) {
        return key.substring(0, key.lastIndexOf('/'));
    }

    /** Where the task delivers. */
    public DeliveryTarget deliveryTarget() {
        return new DeliveryTarget(destination, target, bucket);
    }

    public boolean failing() {
        return failingSinceMillis > 0;
    }

    /** A report its task has not renewed for three intervals and 30 s: the task is gone (stopped, moved, dead). */
    public boolean staleAt(long nowMillis) {
        return nowMillis - updatedAtMillis > 3 * intervalMillis + 30_000;
    }

    public String toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("stream", stream)
                .put("task", task)
                .put("bucket", bucket)
                .put("destination", destination)
                .put("target", target)
                .put("updatedAtMillis", updatedAtMillis)
                .put("intervalMillis", intervalMillis)
                .put("failingSinceMillis", failingSinceMillis)
                .put("consecutiveFailures", consecutiveFailures)
                .put("errorType", errorType)
                .put("errorMessage", errorMessage)
                .put("lastSuccessMillis", lastSuccessMillis)
                .put("successfulPuts", successfulPuts)
                .put("failedPuts", failedPuts)
                .put("records", records)
                .put("bytes", bytes)
                .put("dataFreshnessSeconds", dataFreshnessSeconds);
        try {
            return JSON.writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a report; fields a later version added are ignored, missing ones read as empty. */
    public static HealthReport fromJson(byte[] bytes) throws IOException {
        JsonNode o = JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
        if (o == null || !o.isObject()) {
            throw new IOException("not a JSON object");
        }
        String bucket = o.path("bucket").asText();
        return new HealthReport(
                o.path("stream").asText(),
                o.path("task").asText(),
                bucket,
                o.path("destination").asText(DeliveryTarget.S3),
                o.path("target").asText(bucket),
                o.path("updatedAtMillis").asLong(),
                o.path("intervalMillis").asLong(),
                o.path("failingSinceMillis").asLong(),
                o.path("consecutiveFailures").asLong(),
                o.path("errorType").asText(null),
                o.path("errorMessage").asText(null),
                o.path("lastSuccessMillis").asLong(),
                o.path("successfulPuts").asLong(),
                o.path("failedPuts").asLong(),
                o.path("records").asLong(),
                o.path("bytes").asLong(),
                o.path("dataFreshnessSeconds").asLong());
    }
}

package io.millrace.console.page;

import static io.millrace.console.page.Html.esc;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.console.metrics.PerStreamSeries;
import io.millrace.console.s3.DeliveredObjects;
import io.millrace.console.s3.DeliveryKeys;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * One Firehose delivery stream: its configuration and destination as DescribeDeliveryStream describes them, the
 * delivery failure AWS reports while S3 writes fail, and delivery to S3 (successful and failed PUTs, records, bytes,
 * data freshness) from the gateway's {@code millrace_firehose_stream_delivery_to_s3_*} series, which every gateway
 * hosting Firehose folds from all delivery tasks' health reports; and the objects themselves, the last delivered and
 * the error output ({@link DeliveredObjectsSection}).
 */
public final class DeliveryStreamPage {

    private static final String SERIES = "millrace_firehose_stream_delivery_to_s3_";

    private DeliveryStreamPage() {}

    /**
     * @param objects  the platform's S3 store, or null when this gateway has no S3 settings
     * @param blocking where S3 is read
     */
    public static CompletionStage<String> render(
            Caller caller, String name, DeliveredObjects objects, Executor blocking) {
        return caller.call(Caller.FIREHOSE, "DescribeDeliveryStream", in -> in.put("DeliveryStreamName", name))
                .thenCompose(out -> {
                    JsonNode d = out.path("DeliveryStreamDescription");
                    JsonNode s3 = DeliveryStreamsPage.s3Destination(d);
                    DeliveryKeys keys = DeliveryKeys.of(
                            name,
                            s3.path("Prefix").asText(""),
                            s3.path("ErrorOutputPrefix").asText(""));
                    return DeliveredObjectsSection.render(objects, blocking, name, bucket(s3), keys)
                            .thenApply(section -> page(caller, d, section));
                })
                .exceptionally(error -> NotServed.page(caller, name, "Firehose", error));
    }

    /** The destination's bucket name, from its ARN. */
    static String bucket(JsonNode destination) {
        return destination.path("BucketARN").asText().replaceFirst("^arn:[^:]+:s3:::", "");
    }

    private static String page(Caller caller, JsonNode d, String objects) {
        String name = d.path("DeliveryStreamName").asText();
        JsonNode s3 = DeliveryStreamsPage.s3Destination(d);
        JsonNode buffering = s3.path("BufferingHints");
        String bucket = bucket(s3);
        JsonNode failure = d.path("FailureDescription");
        String body = """
                <dl class="summary" id="configuration">
                  <dt>Status</dt><dd id="status">%s</dd>
                  <dt>ARN</dt><dd>%s</dd>
                  <dt>Source</dt><dd id="source">%s</dd>
                  <dt>Created</dt><dd>%s</dd>
                  <dt>Server-side encryption</dt><dd>%s</dd>
                </dl>
                <h2>Destination: Amazon S3</h2>
                <dl class="summary" id="destination">
                  <dt>Bucket</dt><dd id="bucket">%s</dd>
                  <dt>Objects under</dt><dd id="objects-under">s3://%s/%s</dd>
                  <dt>Errors under</dt><dd id="errors-under">%s</dd>
                  <dt>Buffer</dt><dd>%d MiB or %d s, whichever comes first</dd>
                  <dt>Compression</dt><dd>%s</dd>
                  <dt>Role</dt><dd>%s</dd>
                </dl>
                <h2>Delivery to S3 <small>(since the delivery tasks started)</small></h2>
                %s
                %s
                """.formatted(
                        esc(d.path("DeliveryStreamStatus").asText()),
                        esc(d.path("DeliveryStreamARN").asText()),
                        esc(d.path("Source")
                                .path("KinesisStreamSourceDescription")
                                .path("KinesisStreamARN")
                                .asText("Direct PUT")),
                        esc(epochSeconds(d.path("CreateTimestamp"))),
                        esc(d.path("DeliveryStreamEncryptionConfiguration")
                                .path("Status")
                                .asText("DISABLED")),
                        esc(bucket),
                        esc(bucket),
                        esc(s3.path("Prefix").asText("")),
                        s3.path("ErrorOutputPrefix").asText("").isEmpty()
                                ? "— (none set)"
                                : "s3://" + esc(bucket) + "/"
                                        + esc(s3.path("ErrorOutputPrefix").asText()),
                        buffering.path("SizeInMBs").asInt(),
                        buffering.path("IntervalInSeconds").asInt(),
                        esc(s3.path("CompressionFormat").asText("UNCOMPRESSED")),
                        esc(s3.path("RoleARN").asText()),
                        health(
                                PerStreamSeries.read(caller.calls().metricsText(), SERIES)
                                        .get(name),
                                failure),
                        objects);
        return Html.page(name, caller.who(), caller.csrfToken(), body);
    }

    /** The delivery counters and the failure, or a note that no delivery task has reported yet. */
    private static String health(Map<String, Double> series, JsonNode failure) {
        String failing = failure.isMissingNode()
                ? "<p id=\"delivery-failure\" class=\"ok\">No delivery failure.</p>"
                : "<p id=\"delivery-failure\" class=\"error\">"
                        + esc(failure.path("Type").asText()) + ": "
                        + esc(failure.path("Details").asText()) + "</p>";
        if (series == null) {
            return failing + "<p id=\"delivery\">No delivery task has reported yet.</p>";
        }
        double ok = series.getOrDefault("successful_puts_total", 0.0);
        double failed = series.getOrDefault("failed_puts_total", 0.0);
        return failing
                + """
                <dl class="summary" id="delivery">
                  <dt>Successful S3 PUTs</dt><dd id="successful-puts">%d</dd>
                  <dt>Failed S3 PUTs (retried)</dt><dd id="failed-puts">%d</dd>
                  <dt>Success (DeliveryToS3.Success)</dt><dd id="success">%s</dd>
                  <dt>Records delivered</dt><dd id="records">%d</dd>
                  <dt>Bytes delivered</dt><dd id="bytes">%d</dd>
                  <dt>Data freshness (oldest record not yet in S3)</dt><dd id="freshness">%d s</dd>
                  <dt>Consecutive failures</dt><dd>%d</dd>
                </dl>
                """.formatted(
                        (long) ok,
                        (long) failed,
                        ok + failed == 0 ? "—" : String.format(Locale.ROOT, "%.1f %%", 100 * ok / (ok + failed)),
                        series.getOrDefault("records_total", 0.0).longValue(),
                        series.getOrDefault("bytes_total", 0.0).longValue(),
                        series.getOrDefault("data_freshness_seconds", 0.0).longValue(),
                        series.getOrDefault("consecutive_failures", 0.0).longValue());
    }

    private static String epochSeconds(JsonNode timestamp) {
        return timestamp.isNumber()
                ? Instant.ofEpochMilli((long) (timestamp.asDouble() * 1000)).toString()
                : timestamp.asText("");
    }
}

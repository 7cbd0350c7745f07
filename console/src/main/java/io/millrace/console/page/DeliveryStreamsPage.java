package io.millrace.console.page;

import static io.millrace.console.page.Html.esc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The Firehose delivery streams: status, source, S3 destination with its prefixes, buffering and compression, and
 * the failure AWS describes while delivery fails (ListDeliveryStreams, then DescribeDeliveryStream for each).
 */
public final class DeliveryStreamsPage {

    private static final DescribeEach DESCRIBE = new DescribeEach(
            Caller.FIREHOSE, "DescribeDeliveryStream", "DeliveryStreamName", "DeliveryStreamDescription");

    private DeliveryStreamsPage() {}

    public static CompletionStage<String> render(Caller caller) {
        return caller.call(Caller.FIREHOSE, "ListDeliveryStreams", in -> in.put("Limit", 1000))
                .thenCompose(list -> DESCRIBE.of(caller, list, "DeliveryStreamNames"))
                .thenApply(streams -> page(caller, streams))
                .exceptionally(error -> NotServed.page(caller, "Delivery streams", "Firehose", error));
    }

    /** A delivery stream's S3 destination: extended (what CreateDeliveryStream makes) or plain. */
    static JsonNode s3Destination(JsonNode description) {
        JsonNode destination = description.path("Destinations").path(0);
        JsonNode extended = destination.path("ExtendedS3DestinationDescription");
        return extended.isMissingNode() ? destination.path("S3DestinationDescription") : extended;
    }

    private static String page(Caller caller, List<JsonNode> streams) {
        StringBuilder rows = new StringBuilder();
        for (JsonNode d : streams) {
            JsonNode s3 = s3Destination(d);
            JsonNode buffering = s3.path("BufferingHints");
            rows.append("<tr data-delivery-stream=\"")
                    .append(esc(d.path("DeliveryStreamName").asText()))
                    .append("\"><td><a href=\"/console/firehose/")
                    .append(Html.url(d.path("DeliveryStreamName").asText()))
                    .append("\">")
                    .append(esc(d.path("DeliveryStreamName").asText()))
                    .append("</a></td><td>")
                    .append(esc(d.path("DeliveryStreamStatus").asText()))
                    .append("</td><td>")
                    .append(esc(d.path("Source")
                            .path("KinesisStreamSourceDescription")
                            .path("KinesisStreamARN")
                            .asText("Direct PUT")))
                    .append("</td><td>")
                    .append(esc(s3.path("BucketARN").asText()))
                    .append("/")
                    .append(esc(s3.path("Prefix").asText("")))
                    .append("</td><td>")
                    .append(esc(s3.path("ErrorOutputPrefix").asText("")))
                    .append("</td><td>")
                    .append(buffering.path("SizeInMBs").asInt())
                    .append(" MiB / ")
                    .append(buffering.path("IntervalInSeconds").asInt())
                    .append(" s</td><td>")
                    .append(esc(s3.path("CompressionFormat").asText("UNCOMPRESSED")))
                    .append("</td><td class=\"failure\">")
                    .append(esc(
                            d.path("DeliveryStreamStatus").asText().equals("ACTIVE")
                                    ? d.path("FailureDescription")
                                            .path("Details")
                                            .asText("")
                                    : ""))
                    .append("</td></tr>\n");
        }
        String body =
                """
                <table id="delivery-streams">
                <thead><tr><th>Name</th><th>Status</th><th>Source</th><th>Destination</th><th>Error prefix</th>
                <th>Buffer</th><th>Compression</th><th>Delivery failure</th></tr></thead>
                <tbody>
                %s</tbody>
                </table>
                """.formatted(streams.isEmpty() ? "<tr><td colspan=\"8\">No delivery streams yet.</td></tr>" : rows);
        return Html.page("Delivery streams", caller.who(), caller.csrfToken(), body);
    }
}

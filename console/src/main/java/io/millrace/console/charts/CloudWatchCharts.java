package io.millrace.console.charts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.console.page.Caller;
import io.millrace.gateway.protocol.ApiException;
import java.time.Clock;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The charts read from the CloudWatch API's {@code AWS/Kinesis} aggregates, which every gateway's Kinesis API
 * publishes into and the CloudWatch API sums across gateways: the whole cluster's traffic, whichever gateway serves
 * the page. A refresh is two calls as the viewer, as the AWS console makes them: ListMetrics for the stream's
 * enhanced fan-out consumers with SubscribeToShardEvent datapoints (RecentlyActive, the last three hours), then one
 * GetMetricData with every series' query over the last hour, a point per minute (the aggregates' resolution).
 * The viewer needs {@code cloudwatch:GetMetricData}, and {@code cloudwatch:ListMetrics} for the consumers' lines;
 * without the latter the stream's charts are drawn and the consumers' say why they are not.
 */
public final class CloudWatchCharts implements StreamCharts {

    /** The CloudWatch API's X-Amz-Target prefix (service model {@code monitoring} 2010-08-01). */
    public static final String API = "GraniteServiceVersion20100801";

    /**
     * The aggregates' period: the CloudWatch API sums the platform's metrics in 1-minute windows (standard
     * resolution; AWS's Kinesis stream-level metrics are per minute too).
     */
    static final long PERIOD = 60;

    private static final long WINDOW = 3600;

    /** The CloudWatch console's shortest automatic refresh: the newest minute fills as the gateways publish. */
    private static final int REFRESH_SECONDS = 10;

    private final Clock clock;

    public CloudWatchCharts(Clock clock) {
        this.clock = clock;
    }

    private record Consumers(List<String> names, String error) {}

    @Override
    public CompletionStage<ObjectNode> json(Caller caller, String stream) {
        // The hour up to the end of the minute in progress, whose point grows while the gateways publish.
        long end = Math.floorDiv(clock.millis() / 1000, PERIOD) * PERIOD + PERIOD;
        long start = end - WINDOW;
        return consumers(caller, stream).thenCompose(consumers -> {
            KinesisMetricQueries queries = new KinesisMetricQueries(stream, consumers.names(), PERIOD);
            return caller.call(API, "GetMetricData", in -> queries.fill(in, start, end))
                    .thenApply(output -> {
                        ObjectNode json = JsonNodeFactory.instance.objectNode();
                        json.put("source", "cloudwatch");
                        json.put("period", PERIOD);
                        queries.chart(output, start, json);
                        if (consumers.error() != null) {
                            json.put("consumersError", consumers.error());
                        }
                        return json;
                    });
        });
    }

    private CompletionStage<Consumers> consumers(Caller caller, String stream) {
        return caller.call(API, "ListMetrics", in -> {
                    in.put("Namespace", KinesisMetricQueries.NAMESPACE);
                    in.put("MetricName", "SubscribeToShardEvent.Bytes");
                    in.putArray("Dimensions")
                            .add(JsonNodeFactory.instance
                                    .objectNode()
                                    .put("Name", "StreamName")
                                    .put("Value", stream))
                            .add(JsonNodeFactory.instance.objectNode().put("Name", "ConsumerName"));
                    in.put("RecentlyActive", "PT3H");
                })
                .handle((output, error) -> {
                    if (error != null) {
                        Throwable cause = error instanceof CompletionException && error.getCause() != null
                                ? error.getCause()
                                : error;
                        if (cause instanceof ApiException api && api.isClientError()) {
                            return new Consumers(List.of(), api.type() + ": " + api.getMessage());
                        }
                        throw cause instanceof RuntimeException runtime ? runtime : new CompletionException(cause);
                    }
                    TreeSet<String> names = new TreeSet<>();
                    for (JsonNode metric : output.path("Metrics")) {
                        for (JsonNode dimension : metric.path("Dimensions")) {
                            if (dimension.path("Name").asText().equals("ConsumerName")) {
                                names.add(dimension.path("Value").asText());
                            }
                        }
                    }
                    return new Consumers(List.copyOf(names), null);
                });
    }

    @Override
    public boolean clusterWide() {
        return true;
    }

    @Override
    public int refreshSeconds() {
        return REFRESH_SECONDS;
    }
}

package io.millrace.console.page;

import static io.millrace.console.page.Html.esc;
import static io.millrace.console.page.Html.url;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * One data stream: its summary, live charts, its shards (hash-key range drawn as a bar over the whole key space, open
 * or closed) and their lineage as a graph across splits and merges, its enhanced fan-out consumers, and the actions
 * a user expects there (update shard count, split, merge, retention, register and deregister a consumer), each a
 * form {@link StreamActions} turns into the API call the CLI makes.
 */
public final class StreamPage {

    private StreamPage() {}

    /**
     * The page of {@code stream}; its charts show the whole cluster's traffic ({@code clusterWide}) or this
     * gateway's, and ask for their data every {@code refreshSeconds}.
     */
    public static CompletionStage<String> render(
            Caller caller, String stream, boolean clusterWide, int refreshSeconds) {
        return caller.call(Caller.KINESIS, "DescribeStreamSummary", in -> in.put("StreamName", stream))
                .thenCombine(
                        caller.call(
                                Caller.KINESIS,
                                "ListShards",
                                in -> in.put("StreamName", stream).put("MaxResults", 10000)),
                        (summary, shards) ->
                                new Described(summary.path("StreamDescriptionSummary"), ShardView.of(shards)))
                .thenCompose(described -> caller.call(
                                Caller.KINESIS,
                                "ListStreamConsumers",
                                in -> in.put(
                                        "StreamARN",
                                        described.summary().path("StreamARN").asText()))
                        .handle((consumers, error) -> page(
                                caller,
                                clusterWide,
                                refreshSeconds,
                                described.summary(),
                                described.shards(),
                                ConsumersSection.render(caller, described.summary(), consumers, error))));
    }

    private record Described(JsonNode summary, List<ShardView> shards) {}

    private static String page(
            Caller caller,
            boolean clusterWide,
            int refreshSeconds,
            JsonNode summary,
            List<ShardView> shards,
            String consumers) {
        String name = summary.path("StreamName").asText();
        String path = "/console/streams/" + url(name);
        String csrf = Html.csrfField(caller.csrfToken());
        List<ShardView> open = shards.stream().filter(s -> !s.closed()).toList();
        String body = """
                <dl class="summary">
                  <dt>Status</dt><dd id="status">%s</dd>
                  <dt>Capacity mode</dt><dd>%s</dd>
                  <dt>Open shards</dt><dd id="open-shards">%d</dd>
                  <dt>Retention</dt><dd id="retention">%d h</dd>
                  <dt>Encryption</dt><dd>%s</dd>
                  <dt>ARN</dt><dd>%s</dd>
                </dl>
                <p><a id="run-sql" href="%s/sql">Query this stream with SQL</a></p>
                %s                <h2>Shards</h2>
                <table id="shards">
                <thead><tr><th>Shard</th><th>State</th><th>Hash key range</th><th>Parents</th><th></th></tr></thead>
                <tbody>
                %s</tbody>
                </table>
                <h2>Lineage</h2>
                <div class="graph">
                %s</div>
                <h2>Scale</h2>
                <div class="actions">
                <form method="post" action="%s/shard-count" id="update-shard-count">
                  %s
                  <label>Target open shards <input name="target" type="number" min="1" value="%d"></label>
                  <button>Update (uniform scaling)</button>
                </form>
                <form method="post" action="%s/split" id="split-shard">
                  %s
                  <label>Shard <select name="shard">%s</select></label>
                  <label>New starting hash key <input name="newStartingHashKey" size="40"
                    placeholder="the middle of the shard's range"></label>
                  <button>Split shard</button>
                </form>
                <form method="post" action="%s/merge" id="merge-shards">
                  %s
                  <label>Adjacent open shards <select name="pair">%s</select></label>
                  <button>Merge shards</button>
                </form>
                <form method="post" action="%s/retention" id="retention-period">
                  %s
                  <label>Retention (hours, 24 to 8760) <input name="hours" type="number" min="24" max="8760"
                    value="%d"></label>
                  <button>Change retention</button>
                </form>
                </div>
                %s
                <script src="/console/static/uPlot.iife.min.js"></script>
                <script src="/console/static/console.js"></script>
                """.formatted(
                        esc(summary.path("StreamStatus").asText()),
                        esc(summary.path("StreamModeDetails").path("StreamMode").asText("PROVISIONED")),
                        summary.path("OpenShardCount").asInt(),
                        summary.path("RetentionPeriodHours").asInt(),
                        esc(summary.path("EncryptionType").asText("NONE")),
                        esc(summary.path("StreamARN").asText()),
                        path,
                        ChartsSection.render(name, clusterWide, refreshSeconds),
                        rows(name, shards),
                        LineageGraph.svg(shards),
                        path,
                        csrf,
                        summary.path("OpenShardCount").asInt() * 2,
                        path,
                        csrf,
                        splitOptions(open),
                        path,
                        csrf,
                        mergeOptions(open),
                        path,
                        csrf,
                        summary.path("RetentionPeriodHours").asInt(),
                        consumers);
        return Html.page(name, caller.who(), caller.csrfToken(), body);
    }

    private static String rows(String stream, List<ShardView> shards) {
        StringBuilder rows = new StringBuilder();
        for (ShardView shard : shards) {
            rows.append("<tr class=\"shard ")
                    .append(shard.closed() ? "closed" : "open")
                    .append("\" data-shard=\"")
                    .append(esc(shard.id()))
                    .append("\"><td>")
                    .append(esc(shard.id()))
                    .append("</td><td>")
                    .append(shard.closed() ? "Closed" : "Open")
                    .append("</td><td class=\"range\"><div class=\"bar\"><span style=\"left:")
                    .append(percent(shard.startFraction()))
                    .append("%;width:")
                    .append(percent(Math.max(shard.widthFraction(), 0.002)))
                    .append("%\"></span></div></td><td class=\"lineage\">")
                    .append(
                            shard.parents().isEmpty()
                                    ? "—"
                                    : esc(String.join(" + ", shard.parents())) + " → " + esc(shard.id()))
                    .append("</td><td><a href=\"/console/streams/")
                    .append(url(stream))
                    .append("/data?shard=")
                    .append(url(shard.id()))
                    .append("\">View data</a></td></tr>\n");
        }
        return rows.toString();
    }

    /** Each open shard, with the hash key a split at its middle would start the upper child at. */
    private static String splitOptions(List<ShardView> open) {
        StringBuilder options = new StringBuilder();
        for (ShardView shard : open) {
            options.append("<option value=\"")
                    .append(esc(shard.id()))
                    .append("\">")
                    .append(esc(shard.id()))
                    .append(" (middle: ")
                    .append(shard.midpoint())
                    .append(")</option>");
        }
        return options.toString();
    }

    /** Each pair of open shards whose ranges touch: the only pairs MergeShards accepts. */
    private static String mergeOptions(List<ShardView> open) {
        StringBuilder options = new StringBuilder();
        for (int i = 0; i + 1 < open.size(); i++) {
            ShardView low = open.get(i);
            ShardView high = open.get(i + 1);
            if (low.adjacentTo(high)) {
                String pair = low.id() + "+" + high.id();
                options.append("<option value=\"")
                        .append(esc(pair))
                        .append("\">")
                        .append(esc(low.id()))
                        .append(" + ")
                        .append(esc(high.id()))
                        .append("</option>");
            }
        }
        return options.toString();
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.3f", fraction * 100);
    }

    /** The enhanced fan-out consumers of the stream, with their status, and the forms that add and remove them. */
    private static final class ConsumersSection {

        static String render(Caller caller, JsonNode summary, JsonNode listed, Throwable error) {
            String path = "/console/streams/" + url(summary.path("StreamName").asText());
            String csrf = Html.csrfField(caller.csrfToken());
            StringBuilder rows = new StringBuilder();
            if (error != null) {
                Throwable cause =
                        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                rows.append("<tr><td colspan=\"4\" class=\"error\">")
                        .append(esc(cause.getMessage()))
                        .append("</td></tr>\n");
            } else {
                for (JsonNode consumer : listed.path("Consumers")) {
                    rows.append("<tr class=\"consumer\" data-consumer=\"")
                            .append(esc(consumer.path("ConsumerName").asText()))
                            .append("\"><td>")
                            .append(esc(consumer.path("ConsumerName").asText()))
                            .append("</td><td class=\"status\">")
                            .append(esc(consumer.path("ConsumerStatus").asText()))
                            .append("</td><td>")
                            .append(esc(consumer.path("ConsumerARN").asText()))
                            .append("</td><td><form method=\"post\" class=\"inline\" action=\"")
                            .append(path)
                            .append("/consumers/deregister\">")
                            .append(csrf)
                            .append("<input type=\"hidden\" name=\"consumerArn\" value=\"")
                            .append(esc(consumer.path("ConsumerARN").asText()))
                            .append("\"><button>Deregister</button></form></td></tr>\n");
                }
                if (rows.length() == 0) {
                    rows.append("<tr><td colspan=\"4\">No enhanced fan-out consumers.</td></tr>\n");
                }
            }
            return """
                    <h2>Enhanced fan-out consumers</h2>
                    <table id="consumers">
                    <thead><tr><th>Name</th><th>Status</th><th>ARN</th><th></th></tr></thead>
                    <tbody>
                    %s</tbody>
                    </table>
                    <form method="post" action="%s/consumers" id="register-consumer">
                      %s
                      <label>Consumer name <input name="name" required pattern="[a-zA-Z0-9_.\\-]{1,128}"></label>
                      <button>Register consumer</button>
                    </form>
                    """.formatted(rows, path, csrf);
        }
    }
}

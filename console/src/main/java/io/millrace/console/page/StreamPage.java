package io.millrace.console.page;

import static io.millrace.console.page.Html.esc;
import static io.millrace.console.page.Html.url;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.concurrent.CompletionStage;

/**
 * One data stream: its summary, its shards (hash-key range drawn as a bar over the whole key space, open or closed,
 * parents across splits and merges), live charts, and the actions a user expects there (update shard count).
 */
public final class StreamPage {

    /** Hash keys run from 0 to 2^128 - 1. */
    private static final BigDecimal KEY_SPACE = new BigDecimal(BigInteger.ONE.shiftLeft(128));

    private StreamPage() {}

    public static CompletionStage<String> render(Caller caller, String stream) {
        return caller.call(Caller.KINESIS, "DescribeStreamSummary", in -> in.put("StreamName", stream))
                .thenCombine(
                        caller.call(
                                Caller.KINESIS,
                                "ListShards",
                                in -> in.put("StreamName", stream).put("MaxResults", 10000)),
                        (summary, shards) -> page(caller, summary.path("StreamDescriptionSummary"), shards));
    }

    private static String page(Caller caller, JsonNode summary, JsonNode shards) {
        String name = summary.path("StreamName").asText();
        StringBuilder rows = new StringBuilder();
        for (JsonNode shard : shards.path("Shards")) {
            String id = shard.path("ShardId").asText();
            boolean closed = shard.path("SequenceNumberRange").has("EndingSequenceNumber");
            double start =
                    fraction(shard.path("HashKeyRange").path("StartingHashKey").asText("0"));
            double end =
                    fraction(shard.path("HashKeyRange").path("EndingHashKey").asText("0"));
            StringBuilder parents = new StringBuilder();
            for (String parent : new String[] {"ParentShardId", "AdjacentParentShardId"}) {
                if (shard.hasNonNull(parent)) {
                    parents.append(parents.length() == 0 ? "" : " + ")
                            .append(esc(shard.path(parent).asText()));
                }
            }
            rows.append("<tr class=\"shard ")
                    .append(closed ? "closed" : "open")
                    .append("\" data-shard=\"")
                    .append(esc(id))
                    .append("\"><td>")
                    .append(esc(id))
                    .append("</td><td>")
                    .append(closed ? "Closed" : "Open")
                    .append("</td><td class=\"range\"><div class=\"bar\"><span style=\"left:")
                    .append(percent(start))
                    .append("%;width:")
                    .append(percent(Math.max(end - start, 0.002)))
                    .append("%\"></span></div></td><td class=\"lineage\">")
                    .append(parents.length() == 0 ? "—" : parents + " → " + esc(id))
                    .append("</td><td><a href=\"/console/streams/")
                    .append(url(name))
                    .append("/data?shard=")
                    .append(url(id))
                    .append("\">View data</a></td></tr>\n");
        }
        String body = """
                <dl class="summary">
                  <dt>Status</dt><dd id="status">%s</dd>
                  <dt>Capacity mode</dt><dd>%s</dd>
                  <dt>Open shards</dt><dd id="open-shards">%d</dd>
                  <dt>Retention</dt><dd>%d h</dd>
                  <dt>Encryption</dt><dd>%s</dd>
                  <dt>ARN</dt><dd>%s</dd>
                </dl>
                <h2>Monitoring <small>(this gateway's counters, last hour, every 5 s)</small></h2>
                <div class="charts" data-src="/console/api/streams/%s/metrics">
                  <figure id="chart-bytes"><figcaption>Bytes per second: incoming, GetRecords</figcaption></figure>
                  <figure id="chart-records"><figcaption>Records per second: incoming, GetRecords; throttled</figcaption></figure>
                  <figure id="chart-age"><figcaption>Iterator age (ms)</figcaption></figure>
                </div>
                <h2>Shards</h2>
                <table id="shards">
                <thead><tr><th>Shard</th><th>State</th><th>Hash key range</th><th>Parents</th><th></th></tr></thead>
                <tbody>
                %s</tbody>
                </table>
                <h2>Update shard count</h2>
                <form method="post" action="/console/streams/%s/shard-count" id="update-shard-count">
                  %s
                  <label>Target open shards <input name="target" type="number" min="1" value="%d"></label>
                  <button>Update (uniform scaling)</button>
                </form>
                <script src="/console/static/uPlot.iife.min.js"></script>
                <script src="/console/static/console.js"></script>
                """.formatted(
                        esc(summary.path("StreamStatus").asText()),
                        esc(summary.path("StreamModeDetails").path("StreamMode").asText("PROVISIONED")),
                        summary.path("OpenShardCount").asInt(),
                        summary.path("RetentionPeriodHours").asInt(),
                        esc(summary.path("EncryptionType").asText("NONE")),
                        esc(summary.path("StreamARN").asText()),
                        url(name),
                        rows,
                        url(name),
                        Html.csrfField(caller.csrfToken()),
                        summary.path("OpenShardCount").asInt() * 2);
        return Html.page(name, caller.who(), caller.csrfToken(), body);
    }

    private static double fraction(String hashKey) {
        try {
            return new BigDecimal(hashKey)
                    .divide(KEY_SPACE, MathContext.DECIMAL64)
                    .doubleValue();
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String percent(double fraction) {
        return String.format(java.util.Locale.ROOT, "%.3f", fraction * 100);
    }
}

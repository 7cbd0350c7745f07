package io.millrace.console.page;

import static io.millrace.console.page.Html.esc;
import static io.millrace.console.page.Html.url;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The data streams of the account, as the Kinesis console lists them (status, capacity mode, open shards, retention,
 * encryption), and the form that creates one: ListStreams, then DescribeStreamSummary for each.
 */
public final class StreamsPage {

    private static final DescribeEach DESCRIBE =
            new DescribeEach(Caller.KINESIS, "DescribeStreamSummary", "StreamName", "StreamDescriptionSummary");

    private StreamsPage() {}

    public static CompletionStage<String> render(Caller caller) {
        return caller.call(Caller.KINESIS, "ListStreams", input -> input.put("Limit", 1000))
                .thenCompose(list -> DESCRIBE.of(caller, list, "StreamNames"))
                .thenApply(streams -> page(caller, streams));
    }

    private static String page(Caller caller, List<JsonNode> streams) {
        StringBuilder rows = new StringBuilder();
        for (JsonNode s : streams) {
            String name = s.path("StreamName").asText();
            rows.append("<tr data-stream=\"")
                    .append(esc(name))
                    .append("\"><td><a href=\"/console/streams/")
                    .append(url(name))
                    .append("\">")
                    .append(esc(name))
                    .append("</a></td><td class=\"status\">")
                    .append(esc(s.path("StreamStatus").asText()))
                    .append("</td><td>")
                    .append(esc(s.path("StreamModeDetails").path("StreamMode").asText("PROVISIONED")))
                    .append("</td><td class=\"shards\">")
                    .append(s.path("OpenShardCount").asInt())
                    .append("</td><td>")
                    .append(s.path("RetentionPeriodHours").asInt())
                    .append(" h</td><td>")
                    .append(esc(s.path("EncryptionType").asText("NONE")))
                    .append("</td></tr>\n");
        }
        String body = """
                <table id="streams">
                <thead><tr><th>Name</th><th>Status</th><th>Capacity mode</th><th>Open shards</th>
                <th>Retention</th><th>Encryption</th></tr></thead>
                <tbody>
                %s</tbody>
                </table>
                <h2>Create a data stream</h2>
                <form method="post" action="/console/streams" id="create-stream">
                  %s
                  <label>Name <input name="name" required pattern="[a-zA-Z0-9_.\\-]{1,128}"></label>
                  <label>Capacity mode <select name="mode">
                    <option value="PROVISIONED">Provisioned</option><option value="ON_DEMAND">On-demand</option>
                  </select></label>
                  <label>Shards <input name="shards" type="number" min="1" value="1"></label>
                  <button>Create data stream</button>
                </form>
                """.formatted(
                        streams.isEmpty() ? "<tr><td colspan=\"6\">No data streams yet.</td></tr>\n" : rows,
                        Html.csrfField(caller.csrfToken()));
        return Html.page("Data streams", caller.who(), caller.csrfToken(), body);
    }
}

package io.millrace.console.page;

import static io.millrace.console.page.Html.esc;
import static io.millrace.console.page.Html.url;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionStage;

/**
 * The SQL page of a stream: a form for an ad-hoc Flink SQL query, and a running query's page, whose script tails the
 * query's rows into a table as they arrive and stops the query when the user leaves.
 */
public final class SqlPage {

    private SqlPage() {}

    /** The query form over {@code stream}; {@code error} (or null) says why the last query did not start. */
    public static String form(Caller caller, String stream, String query, String role, String error) {
        String sql = query != null
                ? query
                : "SELECT partition_key, CAST(data AS STRING) AS data, approximate_arrival_timestamp\nFROM `" + stream
                        + "`";
        String body = """
                <p><a href="/console/streams/%s">← %s</a></p>
                %s
                <form method="post" action="/console/streams/%s/sql" id="sql-query" class="sql">
                  %s
                  <label>Query (Flink SQL; every stream is a table of the <code>millrace</code> catalog:
                    <code>data</code> BYTES, <code>partition_key</code>, <code>shard_id</code>,
                    <code>approximate_arrival_timestamp</code>, <code>sequence_number</code>)
                    <textarea name="query" rows="6" cols="100" spellcheck="false">%s</textarea></label>
                  <label>Service execution role (the job's reads are authorized with its policies in signed mode)
                    <input name="role" size="60" value="%s"></label>
                  <button>Run query</button>
                </form>
                <p>The query runs as a Managed Service for Apache Flink application of yours on the platform's Flink
                cluster, writing its rows into a temporary stream that this page reads. Leaving the page, or
                <em>Stop</em>, deletes both. Queries whose result changes rows already sent (an aggregate without a
                window) are refused: use a window (<code>TUMBLE</code>) for aggregates.</p>
                """.formatted(
                        url(stream),
                        esc(stream),
                        error == null ? "" : "<p class=\"error\" id=\"sql-error\">" + esc(error) + "</p>",
                        url(stream),
                        Html.csrfField(caller.csrfToken()),
                        esc(sql),
                        esc(role != null ? role : defaultRole(caller)));
        return Html.page("SQL: " + stream, caller.who(), caller.csrfToken(), body);
    }

    /** A role named for the console in the caller's account: open mode checks none, signed mode needs one. */
    static String defaultRole(Caller caller) {
        String[] arn = caller.who().split(":");
        return "arn:aws:iam::" + (arn.length > 4 ? arn[4] : "000000000000") + ":role/console-sql";
    }

    /**
     * A running query's page: its application and status, the rows table the script fills, and the Stop form the
     * script also sends when the user leaves.
     */
    public static CompletionStage<String> running(
            Caller caller, String application, String id, String stream, Instant deleteBy) {
        return caller.call(Caller.ANALYTICS, "DescribeApplication", in -> in.put("ApplicationName", application))
                .thenApply(out -> {
                    JsonNode detail = out.path("ApplicationDetail");
                    String script = detail.path("ApplicationConfigurationDescription")
                            .path("ApplicationCodeConfigurationDescription")
                            .path("CodeContentDescription")
                            .path("TextContent")
                            .asText();
                    String body = """
                            <p><a href="/console/streams/%s/sql">← New query over %s</a></p>
                            <dl class="summary">
                              <dt>Application</dt><dd id="query-application">%s</dd>
                              <dt>Status</dt><dd id="query-status">%s</dd>
                              <dt>Rows received</dt><dd id="row-count">0</dd>
                              <dt>Deleted at the latest</dt><dd>%s (in %d min)</dd>
                            </dl>
                            <form method="post" action="/console/sql/%s/stop" id="stop-query">
                              %s
                              <input type="hidden" name="stream" value="%s">
                              <button>Stop</button>
                            </form>
                            <table id="sql-rows" data-src="/console/api/sql/%s/rows" data-rows="0">
                            <thead><tr></tr></thead>
                            <tbody></tbody>
                            </table>
                            <details><summary>The application's SQL</summary><pre>%s</pre></details>
                            <script src="/console/static/console-sql.js"></script>
                            """.formatted(
                            url(stream),
                            esc(stream),
                            esc(application),
                            esc(detail.path("ApplicationStatus").asText()),
                            esc(deleteBy),
                            Math.max(
                                    0, Duration.between(Instant.now(), deleteBy).toMinutes()),
                            esc(id),
                            Html.csrfField(caller.csrfToken()),
                            esc(stream),
                            esc(id),
                            esc(script));
                    return Html.page("Query " + id, caller.who(), caller.csrfToken(), body);
                });
    }
}

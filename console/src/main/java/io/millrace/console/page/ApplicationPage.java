package io.millrace.console.page;

import static io.millrace.console.page.Html.esc;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.concurrent.CompletionStage;

/**
 * One Managed Service for Apache Flink application: its status and version (DescribeApplication), its code (a SQL
 * script shown whole, a jar by its S3 location), its snapshots (ListApplicationSnapshots), and the Flink job it runs
 * with that job's state from the Flink cluster and a link to the job in the Flink dashboard.
 */
public final class ApplicationPage {

    /** How DescribeApplication names the job (ApplicationShapes: "Flink job ID"). */
    private static final String JOB_PREFIX = "Flink job ";

    private ApplicationPage() {}

    public static CompletionStage<String> render(Caller caller, String name, String flinkRest) {
        return caller.call(Caller.ANALYTICS, "DescribeApplication", in -> in.put("ApplicationName", name))
                .thenCompose(described -> caller.call(
                                Caller.ANALYTICS,
                                "ListApplicationSnapshots",
                                in -> in.put("ApplicationName", name).put("Limit", 50))
                        .thenCompose(snapshots -> {
                            JsonNode detail = described.path("ApplicationDetail");
                            String jobId = jobId(detail);
                            return FlinkJobState.of(flinkRest, jobId)
                                    .thenApply(state -> page(
                                            caller,
                                            detail,
                                            snapshots.path("SnapshotSummaries"),
                                            jobSection(flinkRest, jobId, state)));
                        }))
                .exceptionally(error -> NotServed.page(caller, name, "Kinesis Analytics", error));
    }

    private static String jobId(JsonNode detail) {
        String plan = detail.path("ApplicationConfigurationDescription")
                .path("FlinkApplicationConfigurationDescription")
                .path("JobPlanDescription")
                .asText("");
        return plan.startsWith(JOB_PREFIX) ? plan.substring(JOB_PREFIX.length()).trim() : "";
    }

    private static String jobSection(String flinkRest, String jobId, String state) {
        if (jobId.isEmpty()) {
            return "<p id=\"flink-job\">No Flink job: the application is not running.</p>";
        }
        String link = flinkRest.isEmpty()
                ? esc(jobId)
                : "<a id=\"flink-job-link\" href=\"" + esc(FlinkJobState.uiLink(flinkRest, jobId)) + "\">" + esc(jobId)
                        + "</a>";
        return """
                <dl class="summary" id="flink-job">
                  <dt>Job</dt><dd>%s</dd>
                  <dt>State</dt><dd id="flink-job-state">%s</dd>
                </dl>
                """.formatted(link, esc(state));
    }

    private static String page(Caller caller, JsonNode d, JsonNode snapshots, String job) {
        JsonNode configuration = d.path("ApplicationConfigurationDescription");
        JsonNode code = configuration.path("ApplicationCodeConfigurationDescription");
        StringBuilder rows = new StringBuilder();
        for (JsonNode s : snapshots) {
            rows.append("<tr data-snapshot=\"")
                    .append(esc(s.path("SnapshotName").asText()))
                    .append("\"><td>")
                    .append(esc(s.path("SnapshotName").asText()))
                    .append("</td><td>")
                    .append(esc(s.path("SnapshotStatus").asText()))
                    .append("</td><td>")
                    .append(s.path("ApplicationVersionId").asLong())
                    .append("</td><td>")
                    .append(esc(time(s.path("SnapshotCreationTimestamp"))))
                    .append("</td></tr>\n");
        }
        String body = """
                <dl class="summary" id="application">
                  <dt>Status</dt><dd id="application-status">%s</dd>
                  <dt>ARN</dt><dd>%s</dd>
                  <dt>Runtime</dt><dd>%s</dd>
                  <dt>Mode</dt><dd>%s</dd>
                  <dt>Version</dt><dd>%d</dd>
                  <dt>Snapshots enabled</dt><dd>%s</dd>
                </dl>
                <h2>Flink job</h2>
                %s
                <h2>Code</h2>
                %s
                <h2>Snapshots</h2>
                <table id="snapshots">
                <thead><tr><th>Name</th><th>Status</th><th>Version</th><th>Created</th></tr></thead>
                <tbody>
                %s</tbody>
                </table>
                """.formatted(
                        esc(d.path("ApplicationStatus").asText()),
                        esc(d.path("ApplicationARN").asText()),
                        esc(d.path("RuntimeEnvironment").asText()),
                        esc(d.path("ApplicationMode").asText("STREAMING")),
                        d.path("ApplicationVersionId").asLong(),
                        configuration
                                .path("ApplicationSnapshotConfigurationDescription")
                                .path("SnapshotsEnabled")
                                .asBoolean(),
                        job,
                        code(code),
                        snapshots.isEmpty() ? "<tr><td colspan=\"4\">No snapshots.</td></tr>" : rows);
        return Html.page(d.path("ApplicationName").asText(), caller.who(), caller.csrfToken(), body);
    }

    /** A SQL script (or any text) shown whole; a jar or zip by where it was read from. */
    private static String code(JsonNode code) {
        JsonNode content = code.path("CodeContentDescription");
        if (content.hasNonNull("TextContent")) {
            return "<pre id=\"application-code\">"
                    + esc(content.path("TextContent").asText()) + "</pre>";
        }
        JsonNode s3 = content.path("S3ApplicationCodeLocationDescription");
        if (s3.isObject()) {
            return "<p id=\"application-code\">"
                    + esc(code.path("CodeContentType").asText()) + " from s3://"
                    + esc(s3.path("BucketARN").asText().replaceFirst("^arn:[^:]+:s3:::", "")) + "/"
                    + esc(s3.path("FileKey").asText()) + "</p>";
        }
        return "<p id=\"application-code\">No code.</p>";
    }

    /** The SDK's epoch seconds (possibly fractional) or an ISO instant, as ISO text. */
    private static String time(JsonNode value) {
        if (value.isNumber()) {
            return Instant.ofEpochMilli((long) (value.asDouble() * 1000)).toString();
        }
        return value.asText();
    }
}

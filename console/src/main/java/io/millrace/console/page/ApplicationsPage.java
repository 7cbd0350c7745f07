package io.millrace.console.page;

import static io.millrace.console.page.Html.esc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletionStage;

/**
 * The Managed Service for Apache Flink applications: name (a link to its page), status, runtime, mode and version
 * (ListApplications).
 */
public final class ApplicationsPage {

    private ApplicationsPage() {}

    public static CompletionStage<String> render(Caller caller, String flinkUi) {
        return caller.call(Caller.ANALYTICS, "ListApplications", in -> in.put("Limit", 50))
                .thenApply(list -> page(caller, list.path("ApplicationSummaries"), flinkUi))
                .exceptionally(error -> NotServed.page(caller, "Applications", "Kinesis Analytics", error));
    }

    private static String page(Caller caller, JsonNode applications, String flinkUi) {
        StringBuilder rows = new StringBuilder();
        for (JsonNode a : applications) {
            rows.append("<tr data-application=\"")
                    .append(esc(a.path("ApplicationName").asText()))
                    .append("\"><td><a href=\"/console/applications/")
                    .append(esc(Html.url(a.path("ApplicationName").asText())))
                    .append("\">")
                    .append(esc(a.path("ApplicationName").asText()))
                    .append("</a></td><td>")
                    .append(esc(a.path("ApplicationStatus").asText()))
                    .append("</td><td>")
                    .append(esc(a.path("RuntimeEnvironment").asText()))
                    .append("</td><td>")
                    .append(esc(a.path("ApplicationMode").asText("STREAMING")))
                    .append("</td><td>")
                    .append(a.path("ApplicationVersionId").asLong())
                    .append("</td></tr>\n");
        }
        String body = """
                %s
                <table id="applications">
                <thead><tr><th>Name</th><th>Status</th><th>Runtime</th><th>Mode</th><th>Version</th></tr></thead>
                <tbody>
                %s</tbody>
                </table>
                """.formatted(
                        flinkUi.isEmpty()
                                ? ""
                                : "<p><a id=\"flink-ui\" href=\"" + esc(flinkUi) + "\">Apache Flink dashboard</a></p>",
                        applications.isEmpty() ? "<tr><td colspan=\"5\">No applications yet.</td></tr>" : rows);
        return Html.page("Applications", caller.who(), caller.csrfToken(), body);
    }
}

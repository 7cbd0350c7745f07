package io.millrace.console.page;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A Flink job's state as the cluster's REST API tells it ({@code GET /jobs/ID}: {@code state}, RUNNING, FAILING,
 * CANCELED, ...), for an application's page. The Flink cluster is the one the platform runs applications on (the
 * address the applications page links); what it does not answer in time is said, not an error of the page.
 */
final class FlinkJobState {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private FlinkJobState() {}

    /** The job's state, or why it is not known; never a failed stage. */
    static CompletionStage<String> of(String flinkRest, String jobId) {
        if (flinkRest.isEmpty() || jobId.isEmpty()) {
            return CompletableFuture.completedFuture("unknown (no Flink job)");
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(trimSlash(flinkRest) + "/jobs/" + jobId))
                .timeout(TIMEOUT)
                .build();
        return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> response.statusCode() == 200
                        ? readState(response.body())
                        : "unknown (Flink answered " + response.statusCode() + ")")
                .exceptionally(error -> "unknown (Flink REST API not reachable)");
    }

    /** The Flink web UI's page of the job (its hash route, on the REST address). */
    static String uiLink(String flinkRest, String jobId) {
        return trimSlash(flinkRest) + "/#/job/running/" + jobId + "/overview";
    }

    private static String readState(String body) {
        try {
            return JSON.readTree(body).path("state").asText("unknown");
        } catch (Exception e) {
            return "unknown (unreadable answer)";
        }
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}

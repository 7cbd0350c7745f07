package io.millrace.analytics.application;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What AWS's Managed Service for Apache Flink reports of an application's job, read from the JobManager's REST API:
 * {@code /jobs/:id} (state and its timestamps, the plan), {@code /jobs/:id/checkpoints} (counts, the latest
 * completed), {@code /jobs/:id/metrics} (numRestarts) and each source and sink vertex's summed subtask metrics
 * ({@code /jobs/:id/vertices/:vid/subtasks/metrics?agg=sum}: numRecordsIn of the sources, what the sink writers sent,
 * and their per-second rates). A source is a vertex nothing feeds, a sink one that feeds none; a job chained into one
 * vertex is both.
 */
final class FlinkJobFigures {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SEND = ".numRecordsSend";

    /**
     * One job's figures at {@code now} (the JobManager's clock).
     *
     * @param uptimeMs           how long the job has been RUNNING since it last started or restarted (0 otherwise)
     * @param downtimeMs         how long it has been failing or restarting (0 while RUNNING)
     * @param lastCheckpointDurationMs the latest completed checkpoint's end-to-end duration, -1 before the first
     * @param lastCheckpointSizeBytes  its size (the checkpointed size, incremental checkpoints' increment), -1 before
     */
    record Figures(
            String state,
            long uptimeMs,
            long downtimeMs,
            long restarts,
            long failedCheckpoints,
            long lastCheckpointDurationMs,
            long lastCheckpointSizeBytes,
            long recordsIn,
            long recordsOut,
            double recordsInPerSecond,
            double recordsOutPerSecond) {}

    private final URI restUrl;
    private final HttpClient http;

    FlinkJobFigures(URI restUrl) {
        this.restUrl = restUrl;
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    Figures read(String jobId) throws IOException, InterruptedException {
        JsonNode job = get("/jobs/" + jobId);
        String state = job.path("state").asText();
        long now = job.path("now").asLong();
        JsonNode timestamps = job.path("timestamps");
        long uptime = "RUNNING".equals(state) ? since(now, timestamps.path("RUNNING")) : 0;
        long downtime = "RESTARTING".equals(state) || "FAILING".equals(state)
                ? Math.max(since(now, timestamps.path("FAILING")), since(now, timestamps.path("RESTARTING")))
                : 0;

        JsonNode checkpoints = get("/jobs/" + jobId + "/checkpoints");
        JsonNode latest = checkpoints.path("latest").path("completed");
        long duration = latest.isObject() ? latest.path("end_to_end_duration").asLong() : -1;
        long size = latest.isObject()
                ? latest.path(latest.has("checkpointed_size") ? "checkpointed_size" : "state_size")
                        .asLong()
                : -1;

        long restarts = 0;
        for (JsonNode metric : get("/jobs/" + jobId + "/metrics?get=numRestarts")) {
            restarts = metric.path("value").asLong();
        }

        Set<String> fed = new HashSet<>();
        JsonNode nodes = job.path("plan").path("nodes");
        for (JsonNode node : nodes) {
            for (JsonNode input : node.path("inputs")) {
                fed.add(input.path("id").asText());
            }
        }
        long in = 0;
        long out = 0;
        double inRate = 0;
        double outRate = 0;
        for (JsonNode node : nodes) {
            String vertex = node.path("id").asText();
            String metrics = "/jobs/" + jobId + "/vertices/" + vertex + "/subtasks/metrics";
            if (node.path("inputs").isEmpty()) {
                // A source task's input counters are its source's: records read from outside.
                JsonNode sums = get(metrics + "?get=numRecordsIn,numRecordsInPerSecond&agg=sum");
                in += (long) sum(sums, "numRecordsIn");
                inRate += sum(sums, "numRecordsInPerSecond");
            }
            if (!fed.contains(vertex)) {
                // A sink writer counts what it sent as its operator's numRecordsOut (numRecordsSend); the task's
                // own count is its chain's last operator's, a committer's when the sink has one.
                List<String> writers = new ArrayList<>();
                for (JsonNode metric : get(metrics)) {
                    String id = metric.path("id").asText();
                    if (id.endsWith(SEND)) {
                        writers.add(id.substring(0, id.length() - SEND.length()));
                    }
                }
                List<String> wanted = new ArrayList<>();
                for (String writer : writers) {
                    wanted.add(writer + SEND);
                    wanted.add(writer + ".numRecordsOutPerSecond");
                }
                if (wanted.isEmpty()) {
                    wanted = List.of("numRecordsOut", "numRecordsOutPerSecond");
                }
                JsonNode sums = get(metrics + "?agg=sum&get="
                        + wanted.stream()
                                .map(id -> URLEncoder.encode(id, StandardCharsets.UTF_8))
                                .collect(Collectors.joining(",")));
                for (JsonNode metric : sums) {
                    String id = metric.path("id").asText();
                    if (id.endsWith("PerSecond")) {
                        outRate += metric.path("sum").asDouble();
                    } else {
                        out += (long) metric.path("sum").asDouble();
                    }
                }
            }
        }
        return new Figures(
                state,
                uptime,
                downtime,
                restarts,
                checkpoints.path("counts").path("failed").asLong(),
                duration,
                size,
                in,
                out,
                inRate,
                outRate);
    }

    private static double sum(JsonNode sums, String id) {
        for (JsonNode metric : sums) {
            if (id.equals(metric.path("id").asText())) {
                return metric.path("sum").asDouble();
            }
        }
        return 0;
    }

    private static long since(long now, JsonNode timestamp) {
        long at = timestamp.asLong(0);
        return at > 0 ? Math.max(0, now - at) : 0;
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(restUrl.resolve(path))
                        .timeout(TIMEOUT)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + ": HTTP " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }
}

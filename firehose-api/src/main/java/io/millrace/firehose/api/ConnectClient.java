package io.millrace.firehose.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Creates and deletes connectors through the Kafka Connect REST API, so delivery streams run on any Connect
 * cluster. {@code PUT /connectors/<name>/config} creates or updates: retrying it after a timeout is harmless,
 * where a second {@code POST /connectors} would fail with 409.
 */
final class ConnectClient {

    /** A distributed worker answers 409 while it rebalances; ten seconds of retries ride that out. */
    private static final int ATTEMPTS = 20;

    private static final Duration RETRY_PAUSE = Duration.ofMillis(500);

    private final String baseUrl;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    ConnectClient(String baseUrl) {
        this.baseUrl = baseUrl;
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    void putConnector(String name, Map<String, String> config) throws IOException, InterruptedException {
        ObjectNode body = json.createObjectNode();
        config.forEach(body::put);
        HttpRequest request = HttpRequest.newBuilder(uri("/connectors/" + encode(name) + "/config"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
                .build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() != 200 && response.statusCode() != 201) {
            throw new IOException(
                    "Connect refused connector " + name + ": HTTP " + response.statusCode() + " " + response.body());
        }
    }

    /** A connector's configuration as Connect holds it, or empty when there is no such connector. */
    Optional<Map<String, String>> connectorConfig(String name) throws IOException, InterruptedException {
        Optional<JsonNode> body = getConnector(name, "config", "configuration");
        if (body.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> config = new TreeMap<>();
        body.get()
                .fields()
                .forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
        return Optional.of(config);
    }

    /** Deletes a connector; one that does not exist is already deleted. */
    void deleteConnector(String name) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri("/connectors/" + encode(name)))
                .timeout(Duration.ofSeconds(60))
                .DELETE()
                .build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() != 204 && response.statusCode() != 200 && response.statusCode() != 404) {
            throw new IOException("Connect did not delete connector " + name + ": HTTP " + response.statusCode() + " "
                    + response.body());
        }
    }

    /** The connector's state ({@code RUNNING}, {@code PAUSED}, ...), or empty when there is no such connector. */
    Optional<String> connectorState(String name) throws IOException, InterruptedException {
        return connectorStatus(name)
                .map(status -> status.path("connector").path("state").asText(""));
    }

    /** {@code GET /connectors/NAME/status}: the connector's state and its tasks', or empty when there is none. */
    Optional<JsonNode> connectorStatus(String name) throws IOException, InterruptedException {
        return getConnector(name, "status", "status");
    }

    /** {@code GET /connectors/NAME/PART}'s body, or empty when there is no such connector. */
    private Optional<JsonNode> getConnector(String name, String part, String what)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri("/connectors/" + encode(name) + "/" + part))
                .timeout(Duration.ofSeconds(60))
                .GET()
                .build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new IOException("Connect did not give connector " + name + "'s " + what + ": HTTP "
                    + response.statusCode() + " " + response.body());
        }
        return Optional.of(json.readTree(response.body()));
    }

    /**
     * Pauses ({@code pause}) or resumes ({@code resume}) a connector: its tasks stop consuming and keep their
     * offsets, so the records wait in Kafka. Both are idempotent in Connect; one without the connector is a no-op.
     */
    void setConnectorTarget(String name, String target) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri("/connectors/" + encode(name) + "/" + target))
                .timeout(Duration.ofSeconds(60))
                .PUT(HttpRequest.BodyPublishers.noBody())
                .build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() != 202 && response.statusCode() != 200 && response.statusCode() != 404) {
            throw new IOException("Connect did not " + target + " connector " + name + ": HTTP " + response.statusCode()
                    + " " + response.body());
        }
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 409 && response.statusCode() < 500) {
                return response;
            }
            Thread.sleep(RETRY_PAUSE.toMillis());
        }
        return response;
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

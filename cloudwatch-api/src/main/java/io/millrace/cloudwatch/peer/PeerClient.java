package io.millrace.cloudwatch.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.cloudwatch.errors.CloudWatchErrors;
import io.millrace.cloudwatch.store.MetricKey;
import io.millrace.cloudwatch.store.MetricSerdes;
import io.millrace.cloudwatch.store.Stats;
import io.millrace.cloudwatch.store.Window;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks another gateway for the aggregates its Kafka Streams instance holds ({@link PeerApi}), over plain HTTP to
 * the host and port it advertises as {@code application.server}. A peer that does not answer is a 503 to the client
 * (CloudWatch's retryable ServiceUnavailable): its partitions move to a live gateway within the group's session
 * timeout, and a retry then reads them there.
 */
public final class PeerClient {

    private static final Logger LOG = LoggerFactory.getLogger(PeerClient.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final PeerSigner signer;
    private final Deserializer<Stats> stats = MetricSerdes.stats().deserializer();

    public PeerClient(PeerCredential credential, String region) {
        this.signer = new PeerSigner(credential, region);
    }

    /** The windows of {@code metric} that {@code peer} holds, starting in [{@code start}, {@code end}). */
    public List<Window> windows(HostInfo peer, MetricKey metric, Instant start, Instant end, boolean highResolution) {
        ObjectNode body = JSON.createObjectNode()
                .put("Metric", PeerApi.encode(metric.toBytes()))
                .put("From", start.toEpochMilli())
                .put("To", end.toEpochMilli())
                .put("HighResolution", highResolution);
        List<Window> windows = new ArrayList<>();
        for (JsonNode window : call(peer, PeerApi.FETCH_WINDOWS, body).path("Windows")) {
            windows.add(new Window(
                    window.path("Start").asLong(),
                    stats.deserialize(
                            null,
                            Base64.getDecoder().decode(window.path("Stats").asText()))));
        }
        return windows;
    }

    /** The metrics {@code peer} holds with a datapoint at or after {@code since}. */
    public List<MetricKey> metricsSince(HostInfo peer, Instant since) {
        ObjectNode body = JSON.createObjectNode().put("Since", since.toEpochMilli());
        List<MetricKey> metrics = new ArrayList<>();
        for (JsonNode metric : call(peer, PeerApi.LIST_LOCAL_METRICS, body).path("Metrics")) {
            metrics.add(MetricKey.fromBytes(Base64.getDecoder().decode(metric.asText())));
        }
        return metrics;
    }

    private JsonNode call(HostInfo peer, String action, ObjectNode body) {
        String hostAndPort = peer.host() + ":" + peer.port();
        try {
            byte[] bytes = JSON.writeValueAsBytes(body);
            Map<String, String> headers = signer.sign(
                    hostAndPort,
                    Map.of(
                            "Content-Type",
                            "application/x-amz-json-1.0",
                            "X-Amz-Target",
                            PeerApi.TARGET_PREFIX + "." + action),
                    bytes,
                    Instant.now());
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + hostAndPort + "/"))
                    .timeout(TIMEOUT)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
            headers.forEach(request::header);
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                LOG.warn(
                        "Gateway {} answered {} to {}: {}",
                        hostAndPort,
                        response.statusCode(),
                        action,
                        new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
                throw CloudWatchErrors.storesNotReady();
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            LOG.warn("Gateway {} did not answer {}: {}", hostAndPort, action, e.toString());
            throw CloudWatchErrors.storesNotReady();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CloudWatchErrors.storesNotReady();
        }
    }
}

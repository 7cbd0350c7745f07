package io.millrace.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.millrace.cloudwatch.peer.PeerClient;
import io.millrace.cloudwatch.peer.PeerCredential;
import io.millrace.cloudwatch.store.MetricKey;
import io.millrace.gateway.Gateway;
import io.millrace.gateway.config.GatewayConfig;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.testkit.EmbeddedKafka;
import io.millrace.testkit.LocalClients;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Datapoint;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

/**
 * Two gateways in signed mode on one broker, one Kafka Streams application: each holds the partitions it owns, and
 * a read on either answers for all, asking the other over HTTP with the shared peer key.
 */
class CloudWatchTwoGatewaysIT {

    private static final String PEER_KEY = "two-gateways-peer-secret";
    private static final int METRICS = 12;
    private static final Instant MINUTE =
            Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(5, ChronoUnit.MINUTES);

    @TempDir
    static Path stateDir;

    private static Node a;
    private static Node b;

    private record Node(CloudWatchService service, Gateway gateway, CloudWatchClient client) {
        void close() {
            client.close();
            gateway.close();
            service.close();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        a = node(run, "a");
        b = node(run, "b");
    }

    private static Node node(String run, String name) throws Exception {
        int port = freePort();
        Map<String, Object> props = new HashMap<>();
        props.put(GatewayConfig.BOOTSTRAP_SERVERS, EmbeddedKafka.shared().bootstrapServers());
        props.put(GatewayConfig.PORT, String.valueOf(port));
        props.put(GatewayConfig.CREDENTIALS, "test:test");
        props.put(CloudWatchConfig.TOPIC, "metrics-two-" + run);
        props.put(CloudWatchConfig.TOPIC_PARTITIONS, "2");
        props.put(CloudWatchConfig.APPLICATION_ID, "cloudwatch-two-" + run);
        props.put(CloudWatchConfig.STATE_DIR, stateDir.resolve(name).toString());
        props.put(CloudWatchConfig.PEER_KEY, PEER_KEY);
        GatewayConfig config = new GatewayConfig(props);
        CloudWatchService service =
                CloudWatchService.start(new CloudWatchConfig(props), config.kafkaClientProperties());
        Gateway gateway = Gateway.start(config, List.of(service));
        CloudWatchClient client = LocalClients.pointedAt(
                        CloudWatchClient.builder(), URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(30))
                .build();
        return new Node(service, gateway, client);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @AfterAll
    static void stop() {
        for (Node node : new Node[] {b, a}) {
            if (node != null) {
                node.close();
            }
        }
    }

    @Test
    void metricsPutThroughOneGatewayAreReadWholeThroughTheOther() {
        a.client()
                .putMetricData(r -> r.namespace("App/Two")
                        .metricData(IntStream.range(0, METRICS)
                                .mapToObj(i -> software.amazon.awssdk.services.cloudwatch.model.MetricDatum.builder()
                                        .metricName("Requests")
                                        .dimensions(Dimension.builder()
                                                .name("Shard")
                                                .value("s" + i)
                                                .build())
                                        .timestamp(MINUTE.plusSeconds(i))
                                        .value((double) i)
                                        .build())
                                .toList()));

        // Both gateways list every metric, whichever partition holds it.
        for (Node node : List.of(b, a)) {
            Set<String> listed = await().atMost(Duration.ofSeconds(60))
                    .ignoreExceptions()
                    .until(
                            () -> shards(node.client()
                                    .listMetrics(r -> r.namespace("App/Two"))
                                    .metrics()),
                            found -> found.size() == METRICS);
            assertThat(listed).hasSize(METRICS);
        }
        // ... and reads each one's statistics, from whichever gateway owns it.
        for (int i = 0; i < METRICS; i++) {
            String shard = "s" + i;
            List<Datapoint> points = b.client()
                    .getMetricStatistics(r -> r.namespace("App/Two")
                            .metricName("Requests")
                            .dimensions(Dimension.builder()
                                    .name("Shard")
                                    .value(shard)
                                    .build())
                            .startTime(MINUTE)
                            .endTime(MINUTE.plus(1, ChronoUnit.MINUTES))
                            .period(60)
                            .statistics(Statistic.SUM, Statistic.SAMPLE_COUNT))
                    .datapoints();
            assertThat(points).extracting(Datapoint::sum).as(shard).containsExactly((double) i);
        }

        // Each gateway holds only part of them: the whole answers above needed the other gateway.
        PeerClient peers = new PeerClient(new PeerCredential(PEER_KEY, "000000000000"), "us-east-1");
        Set<MetricKey> onA = Set.copyOf(peers.metricsSince(host(a), MINUTE));
        Set<MetricKey> onB = Set.copyOf(peers.metricsSince(host(b), MINUTE));
        assertThat(onA).isNotEmpty().doesNotContainAnyElementsOf(onB);
        assertThat(onA.size() + onB.size()).isEqualTo(METRICS);
    }

    @Test
    void peerReadsSignedWithAnotherKeyAreRefused() {
        PeerClient stranger = new PeerClient(new PeerCredential("not-the-key", "000000000000"), "us-east-1");
        assertThatThrownBy(() -> stranger.metricsSince(host(b), MINUTE))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.status()).isEqualTo(503));
    }

    private static HostInfo host(Node node) {
        return new HostInfo("127.0.0.1", node.gateway().port());
    }

    private static Set<String> shards(List<Metric> metrics) {
        return metrics.stream()
                .map(metric -> new TreeMap<>(metric.dimensions().stream()
                                .collect(Collectors.toMap(Dimension::name, Dimension::value)))
                        .get("Shard"))
                .collect(Collectors.toSet());
    }
}

package io.millrace.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.cloudwatch.CloudWatchConfig;
import io.millrace.cloudwatch.CloudWatchService;
import io.millrace.gateway.Gateway;
import io.millrace.kinesis.KinesisService;
import io.millrace.kinesis.config.KinesisConfig;
import io.millrace.testkit.Closeables;
import io.millrace.testkit.EmbeddedKafka;
import io.millrace.testkit.LocalClients;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;

/**
 * Two gateways on one broker, each hosting Kinesis, CloudWatch and the console, as behind a load balancer: what is
 * written and read through the first is charted by the second's console, from the CloudWatch API's aggregates (the
 * second gateway's own counters never saw it). The Kinesis APIs publish every second here instead of every minute.
 */
class ConsoleChartsTwoGatewaysIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path stateDir;

    private static Node first;
    private static Node second;
    private static KinesisClient sdk;

    private record Node(KinesisService kinesis, CloudWatchService cloudWatch, ConsoleService console, Gateway gateway)
            implements AutoCloseable {
        @Override
        public void close() {
            Closeables.closeAll(gateway, console, kinesis, cloudWatch);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        first = node(run, "first");
        second = node(run, "second");
        sdk = LocalClients.pointedAt(KinesisClient.builder(), endpoint(first), Duration.ofSeconds(30))
                .build();
    }

    private static Node node(String run, String name) throws Exception {
        String bootstrap = EmbeddedKafka.shared().bootstrapServers();
        Map<String, Object> props = new HashMap<>();
        props.put(KinesisConfig.BOOTSTRAP_SERVERS, bootstrap);
        // CloudWatch advertises the gateway's port to the other gateway: it must be known before the start.
        props.put(KinesisConfig.PORT, String.valueOf(freePort()));
        props.put(KinesisConfig.SHARD_LIMITS, "off");
        props.put(KinesisConfig.METADATA_TOPIC, "__millrace_metadata_charts_" + run);
        props.put(KinesisConfig.TOPIC_PREFIX, "charts" + run + "-");
        props.put(CloudWatchConfig.TOPIC, "metrics-charts-" + run);
        props.put(CloudWatchConfig.TOPIC_PARTITIONS, "2");
        props.put(CloudWatchConfig.APPLICATION_ID, "cloudwatch-charts-" + run);
        props.put(CloudWatchConfig.STATE_DIR, stateDir.resolve(name).toString());
        KinesisConfig config = new KinesisConfig(props);
        CloudWatchService cloudWatch = null;
        KinesisService kinesis = null;
        ConsoleService console = null;
        try {
            cloudWatch = CloudWatchService.start(new CloudWatchConfig(props), config.kafkaClientProperties());
            kinesis = KinesisService.start(config);
            kinesis.publishMetricsTo(cloudWatch.platformMetrics(), Duration.ofSeconds(1));
            console = ConsoleService.start(
                    new ConsoleConfig(Map.of(ConsoleConfig.TOPIC, "__millrace_console_charts_" + run)),
                    Map.of("bootstrap.servers", bootstrap),
                    ConsoleService.SAMPLE_PERIOD,
                    "");
            return new Node(kinesis, cloudWatch, console, Gateway.start(config, List.of(kinesis, cloudWatch, console)));
        } catch (Exception | Error e) {
            Closeables.closeAll(console, kinesis, cloudWatch);
            throw e;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static URI endpoint(Node node) {
        return URI.create("http://127.0.0.1:" + node.gateway().port());
    }

    @AfterAll
    static void stop() {
        if (sdk != null) {
            sdk.close();
        }
        Closeables.closeAll(second, first);
    }

    @Test
    void trafficWrittenThroughTheFirstGatewayIsChartedByTheSecond() throws Exception {
        String stream = createStream();
        long bytes = 0;
        for (int i = 0; i < 25; i++) {
            String data = "record-" + i + "-" + "z".repeat(i * 7);
            sdk.putRecord(b -> b.streamName(stream).partitionKey("pk").data(SdkBytes.fromUtf8String(data)));
            // AWS/Kinesis IncomingBytes counts the data and the partition key.
            bytes += data.length() + 2;
        }
        long written = bytes;

        JsonNode chart = await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> chart(second, stream), json -> total(json, "incomingBytes") == written);

        assertThat(chart.path("source").asText()).isEqualTo("cloudwatch");
        assertThat(chart.path("period").asInt()).isEqualTo(60);
        assertThat(total(chart, "incomingRecords")).isEqualTo(25);
        assertThat(chart.path("t").size()).isBetween(1, 61);
        // Nothing of it went through the second gateway: its own counters never saw the stream.
        assertThat(ConsolePages.send(HttpRequest.newBuilder(endpoint(second).resolve("/metrics"))
                                .build())
                        .body())
                .doesNotContain("stream=\"" + stream + "\"");
        assertThat(ConsolePages.get(second.gateway(), "/streams/" + stream, null)
                        .body())
                .contains("data-cluster-wide=\"true\"")
                .contains("CloudWatch <code>AWS/Kinesis</code>, all gateways");
    }

    @Test
    void aFanOutConsumerReadingThroughTheFirstGatewayIsOnTheSecondsPage() throws Exception {
        String stream = createStream();
        String streamArn = sdk.describeStreamSummary(b -> b.streamName(stream))
                .streamDescriptionSummary()
                .streamARN();
        String consumerArn = sdk.registerStreamConsumer(
                        b -> b.streamARN(streamArn).consumerName("elsewhere"))
                .consumer()
                .consumerARN();
        await().atMost(Duration.ofSeconds(15))
                .until(() -> sdk.describeStreamConsumer(b -> b.consumerARN(consumerArn))
                                .consumerDescription()
                                .consumerStatus()
                        == ConsumerStatus.ACTIVE);
        try (FanOutReader reader = new FanOutReader(endpoint(first), consumerArn);
                ConsolePages pages = new ConsolePages()) {
            for (int i = 0; i < 5; i++) {
                sdk.putRecord(b -> b.streamName(stream).partitionKey("k").data(SdkBytes.fromUtf8String("fan-out")));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> reader.received() >= 5);

            JsonNode chart = await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500))
                    .until(
                            () -> chart(second, stream),
                            json -> total(json.path("consumers").path("elsewhere"), "fanOutBytes") > 0);
            assertThat(chart.path("consumers")
                            .path("elsewhere")
                            .path("millisBehindLatest")
                            .size())
                    .isEqualTo(chart.path("t").size());

            pages.browser().get(ConsolePages.url(second.gateway(), "/streams/" + stream));
            WebElement fanOut = pages.browser().findElement(By.id("chart-fanout-bytes"));
            new WebDriverWait(pages.browser(), Duration.ofSeconds(20))
                    .until(driver -> "elsewhere".equals(fanOut.getDomAttribute("data-consumers")));
            assertThat(fanOut.findElements(By.tagName("canvas"))).isNotEmpty();
            assertThat(pages.browser().findElement(By.id("charts-source")).getText())
                    .contains("all gateways");
            pages.screenshot("stream-charts-second-gateway");
        }
    }

    @Test
    void aRefusalOfTheCloudWatchApiIsAwsErrorInPlaceOfTheData() throws Exception {
        // A dimension value CloudWatch refuses (over 1024 characters): GetMetricData's InvalidParameterValue.
        var response = ConsolePages.get(second.gateway(), "/api/streams/" + "s".repeat(1030) + "/metrics", null);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.path("__type").asText()).startsWith("InvalidParameterValue");
        assertThat(error.path("message").asText()).contains("between 1 and 1024 characters");
    }

    private static String createStream() {
        String stream = "charts-" + UUID.randomUUID().toString().substring(0, 8);
        sdk.createStream(b -> b.streamName(stream).shardCount(1));
        sdk.waiter().waitUntilStreamExists(b -> b.streamName(stream));
        return stream;
    }

    private static JsonNode chart(Node node, String stream) throws IOException {
        var response = ConsolePages.get(node.gateway(), "/api/streams/" + stream + "/metrics", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** What a series adds up to over its points: each point's rate times the seconds it covers (a minute). */
    private static long total(JsonNode chart, String series) {
        double sum = 0;
        for (JsonNode rate : chart.path(series)) {
            sum += rate.asDouble() * chart.path("period").asDouble(60);
        }
        return Math.round(sum);
    }
}

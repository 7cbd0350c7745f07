package io.millrace.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.gateway.Gateway;
import io.millrace.kinesis.KinesisService;
import io.millrace.kinesis.config.KinesisConfig;
import io.millrace.testkit.EmbeddedKafka;
import io.millrace.testkit.LocalClients;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Datapoint;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.MetricsName;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Kinesis and CloudWatch on one gateway: the traffic of a stream comes back from {@code aws cloudwatch
 * get-metric-statistics --namespace AWS/Kinesis} (the AWS CLI v2) with AWS's metric names, dimensions and units,
 * stream-level always and shard-level once enabled. The publisher runs every 2 s here instead of every minute.
 */
class KinesisMetricsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path stateDir;

    private static KinesisService kinesis;
    private static CloudWatchService metrics;
    private static Gateway gateway;
    private static KinesisClient client;
    private static CloudWatchClient cloudWatch;

    @BeforeAll
    static void start() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> props = new HashMap<>();
        props.put(KinesisConfig.BOOTSTRAP_SERVERS, EmbeddedKafka.shared().bootstrapServers());
        props.put(KinesisConfig.PORT, "0");
        props.put(KinesisConfig.METADATA_TOPIC, "__millrace_metadata_" + run);
        props.put(KinesisConfig.TOPIC_PREFIX, "m" + run + "-");
        props.put(CloudWatchConfig.TOPIC, "metrics-kinesis-" + run);
        props.put(CloudWatchConfig.TOPIC_PARTITIONS, "2");
        props.put(CloudWatchConfig.APPLICATION_ID, "cloudwatch-kinesis-" + run);
        props.put(CloudWatchConfig.STATE_DIR, stateDir.toString());
        KinesisConfig config = new KinesisConfig(props);
        metrics = CloudWatchService.start(new CloudWatchConfig(props), config.kafkaClientProperties());
        kinesis = KinesisService.start(config);
        kinesis.publishMetricsTo(metrics.platformMetrics(), Duration.ofSeconds(2));
        gateway = Gateway.start(config, List.of(kinesis, metrics));
        client = LocalClients.pointedAt(KinesisClient.builder(), endpoint(), Duration.ofSeconds(30))
                .build();
        cloudWatch = LocalClients.pointedAt(CloudWatchClient.builder(), endpoint(), Duration.ofSeconds(30))
                .build();
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (cloudWatch != null) {
            cloudWatch.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (kinesis != null) {
            kinesis.close();
        }
        if (metrics != null) {
            metrics.close();
        }
    }

    private static URI endpoint() {
        return URI.create("http://127.0.0.1:" + gateway.port());
    }

    @Test
    void streamTrafficIsReadBackAsAwsKinesisMetrics() throws Exception {
        String stream = "orders";
        client.createStream(r -> r.streamName(stream).shardCount(1));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> client.describeStreamSummary(r -> r.streamName(stream))
                                .streamDescriptionSummary()
                                .streamStatus()
                        == StreamStatus.ACTIVE);
        client.enableEnhancedMonitoring(r -> r.streamName(stream).shardLevelMetrics(MetricsName.INCOMING_RECORDS));
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        for (int i = 0; i < 3; i++) {
            client.putRecord(r -> r.streamName(stream).partitionKey("k").data(SdkBytes.fromUtf8String("0123456789")));
        }
        client.putRecords(r -> r.streamName(stream)
                .records(IntStream.range(0, 4)
                        .mapToObj(i -> PutRecordsRequestEntry.builder()
                                .partitionKey("k" + i)
                                .data(SdkBytes.fromUtf8String("abcde"))
                                .build())
                        .toList()));
        String iterator = client.getShardIterator(r -> r.streamName(stream)
                        .shardId("shardId-000000000000")
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        assertThat(client.getRecords(r -> r.shardIterator(iterator)).records()).hasSize(7);

        // Seven records in: three single puts of 11 bytes (data and key), four of 7 in one PutRecords. Read by the
        // AWS CLI v2 as a user would, once published.
        JsonNode incoming = await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(
                        () -> cliStatistics(stream, "IncomingRecords", start),
                        point -> point.path("Sum").asDouble() >= 7);
        assertThat(incoming.path("Sum").asDouble()).isEqualTo(7.0);
        assertThat(incoming.path("Unit").asText()).isEqualTo("Count");
        Datapoint bytes = statistics(stream, "IncomingBytes", start);
        assertThat(bytes.sum()).isEqualTo(3 * 11 + 4 * 7);
        assertThat(bytes.sampleCount()).isEqualTo(4.0);
        assertThat(bytes.unit()).isEqualTo(StandardUnit.BYTES);
        assertThat(statistics(stream, "PutRecord.Success", start).average()).isEqualTo(1.0);
        Datapoint latency = statistics(stream, "PutRecord.Latency", start);
        assertThat(latency.sampleCount()).isEqualTo(3.0);
        assertThat(latency.unit()).isEqualTo(StandardUnit.MILLISECONDS);
        assertThat(statistics(stream, "PutRecords.TotalRecords", start).sum()).isEqualTo(4.0);
        assertThat(statistics(stream, "PutRecords.SuccessfulRecords", start).sum())
                .isEqualTo(4.0);
        assertThat(statistics(stream, "PutRecords.ThrottledRecords", start).sum())
                .isEqualTo(0.0);
        Datapoint read = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> statistics(stream, "GetRecords.Records", start),
                        point -> point.sum() != null && point.sum() >= 7);
        assertThat(read.sum()).isEqualTo(7.0);
        assertThat(statistics(stream, "GetRecords.IteratorAgeMilliseconds", start)
                        .unit())
                .isEqualTo(StandardUnit.MILLISECONDS);

        // Shard level: only what EnableEnhancedMonitoring turned on, with StreamName and ShardId.
        Dimension shard = Dimension.builder()
                .name("ShardId")
                .value("shardId-000000000000")
                .build();
        assertThat(cloudWatch
                        .listMetrics(r -> r.namespace("AWS/Kinesis").dimensions(d -> d.name("ShardId")))
                        .metrics())
                .extracting(Metric::metricName)
                .containsExactly("IncomingRecords");
        Datapoint perShard = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> statistics(stream, "IncomingRecords", start, shard),
                        point -> point.sum() != null && point.sum() >= 7);
        assertThat(perShard.sum()).isEqualTo(7.0);
    }

    /** The one datapoint of ten minutes from {@code start} (empty when there is none yet). */
    private static Datapoint statistics(String stream, String metric, Instant start, Dimension... more) {
        List<Dimension> dimensions = new ArrayList<>(
                List.of(Dimension.builder().name("StreamName").value(stream).build()));
        dimensions.addAll(List.of(more));
        List<Datapoint> points = cloudWatch
                .getMetricStatistics(r -> r.namespace("AWS/Kinesis")
                        .metricName(metric)
                        .dimensions(dimensions)
                        .startTime(start)
                        .endTime(start.plus(10, ChronoUnit.MINUTES))
                        .period(600)
                        .statistics(Statistic.SUM, Statistic.SAMPLE_COUNT, Statistic.AVERAGE, Statistic.MAXIMUM))
                .datapoints();
        return points.isEmpty() ? Datapoint.builder().build() : points.get(0);
    }

    /** The same through the AWS CLI v2 (Query protocol). */
    private static JsonNode cliStatistics(String stream, String metric, Instant start) throws Exception {
        JsonNode points = JSON.readTree(AwsCliV2.cloudwatch(
                        endpoint(),
                        "get-metric-statistics",
                        "--namespace",
                        "AWS/Kinesis",
                        "--metric-name",
                        metric,
                        "--dimensions",
                        "Name=StreamName,Value=" + stream,
                        "--start-time",
                        start.toString(),
                        "--end-time",
                        start.plus(10, ChronoUnit.MINUTES).toString(),
                        "--period",
                        "600",
                        "--statistics",
                        "Sum"))
                .path("Datapoints");
        return points.isEmpty() ? JSON.createObjectNode() : points.get(0);
    }
}

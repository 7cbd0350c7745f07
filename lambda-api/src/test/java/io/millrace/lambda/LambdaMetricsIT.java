package io.millrace.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.millrace.cloudwatch.CloudWatchConfig;
import io.millrace.cloudwatch.CloudWatchService;
import io.millrace.gateway.Gateway;
import io.millrace.kinesis.config.KinesisConfig;
import io.millrace.lambda.testkit.HttpFunction;
import io.millrace.lambda.testkit.LambdaGateway;
import io.millrace.testkit.EmbeddedKafka;
import io.millrace.testkit.LocalClients;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Datapoint;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.EventSourcePosition;

/**
 * Invocations through Invoke and through a Kinesis event source mapping, read back through the CloudWatch API (SDK
 * v2 GetMetricStatistics and GetMetricData) in namespace AWS/Lambda with AWS's names, units and the FunctionName
 * dimension, against what the function itself received. The publisher runs every 2 s here instead of every minute.
 */
class LambdaMetricsIT {

    @TempDir
    static Path stateDir;

    @Test
    void invocationsErrorsDurationAndIteratorAgeAreReadBackFromCloudWatch() throws Exception {
        LambdaGateway gateway = LambdaGateway.shared();
        LambdaClient lambda = gateway.lambda();
        String run = UUID.randomUUID().toString().substring(0, 8);
        KinesisConfig config = new KinesisConfig(Map.of(
                KinesisConfig.BOOTSTRAP_SERVERS,
                EmbeddedKafka.shared().bootstrapServers(),
                KinesisConfig.PORT,
                "0",
                CloudWatchConfig.TOPIC,
                "lambda-metrics-" + run,
                CloudWatchConfig.TOPIC_PARTITIONS,
                "1",
                CloudWatchConfig.APPLICATION_ID,
                "lambda-cloudwatch-" + run,
                CloudWatchConfig.STATE_DIR,
                stateDir.toString()));
        try (CloudWatchService metrics = CloudWatchService.start(
                        new CloudWatchConfig(config.originals()), config.kafkaClientProperties());
                Gateway metricsGateway = Gateway.start(config, List.of(metrics));
                CloudWatchClient cloudWatch = LocalClients.pointedAt(
                                CloudWatchClient.builder(),
                                URI.create("http://127.0.0.1:" + metricsGateway.port()),
                                Duration.ofSeconds(30))
                        .build();
                AutoCloseable publisher = gateway.publishMetricsTo(metrics.platformMetrics(), Duration.ofSeconds(2));
                HttpFunction function = new HttpFunction(event -> event.has("boom")
                        ? new HttpFunction.Answer(500, "{\"errorMessage\":\"boom\"}")
                        : HttpFunction.Answer.ok("{}"))) {
            Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES);
            String name = "metrics-" + run;
            gateway.createFunction(name, function);
            for (String payload : List.of("{\"a\":1}", "{\"boom\":1}", "{\"a\":2}")) {
                lambda.invoke(b -> b.functionName(name).payload(SdkBytes.fromUtf8String(payload)));
            }

            // Records put a second and more before the mapping reads them: each event's IteratorAge is at least that.
            String stream = "metrics-" + run;
            String streamArn = gateway.createStream(stream);
            gateway.kinesis()
                    .putRecords(b -> b.streamName(stream).records(List.of(record("r1"), record("r2"), record("r3"))));
            long putAt = System.currentTimeMillis();
            Thread.sleep(1500);
            long waited = System.currentTimeMillis() - putAt;
            lambda.createEventSourceMapping(b ->
                    b.functionName(name).eventSourceArn(streamArn).startingPosition(EventSourcePosition.TRIM_HORIZON));
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> function.invocations().size() >= 4);
            int invocations = function.invocations().size();
            int fromMapping = invocations - 3;

            Datapoint invoked = await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(
                            () -> statistics(cloudWatch, name, "Invocations", start),
                            p -> p.sum() != null && p.sum() >= invocations);
            assertThat(invoked.sum()).isEqualTo(invocations);
            assertThat(invoked.unit()).isEqualTo(StandardUnit.COUNT);
            Datapoint errors = statistics(cloudWatch, name, "Errors", start);
            assertThat(errors.sum()).isEqualTo(1.0);
            assertThat(errors.sampleCount()).isEqualTo(invocations);
            Datapoint duration = statistics(cloudWatch, name, "Duration", start);
            assertThat(duration.sampleCount()).isEqualTo(invocations);
            assertThat(duration.unit()).isEqualTo(StandardUnit.MILLISECONDS);
            Datapoint age = await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(
                            () -> statistics(cloudWatch, name, "IteratorAge", start),
                            p -> p.sampleCount() != null && p.sampleCount() >= fromMapping);
            assertThat(age.sampleCount()).isEqualTo(fromMapping);
            assertThat(age.maximum()).isGreaterThanOrEqualTo((double) waited);
            assertThat(age.unit()).isEqualTo(StandardUnit.MILLISECONDS);

            // GetMetricData reads the same sum, and the account-wide aggregate (no dimension) holds at least it.
            var data = cloudWatch.getMetricData(b -> b.startTime(start)
                    .endTime(start.plus(10, ChronoUnit.MINUTES))
                    .metricDataQueries(
                            query("fn", "Invocations", List.of(name)), query("all", "Invocations", List.of())));
            var values = data.metricDataResults().stream()
                    .collect(java.util.stream.Collectors.toMap(r -> r.id(), r -> r.values()));
            assertThat(values.get("fn")).containsExactly((double) invocations);
            assertThat(values.get("all"))
                    .singleElement()
                    .satisfies(v -> assertThat(v).isGreaterThanOrEqualTo(invocations));
            publisher.close();
        }
    }

    private static PutRecordsRequestEntry record(String data) {
        return PutRecordsRequestEntry.builder()
                .partitionKey(data)
                .data(SdkBytes.fromUtf8String(data))
                .build();
    }

    private static MetricDataQuery query(String id, String metric, List<String> functionNames) {
        return MetricDataQuery.builder()
                .id(id)
                .metricStat(s -> s.stat("Sum")
                        .period(600)
                        .metric(m -> m.namespace("AWS/Lambda")
                                .metricName(metric)
                                .dimensions(functionNames.stream()
                                        .map(n -> software.amazon.awssdk.services.cloudwatch.model.Dimension.builder()
                                                .name("FunctionName")
                                                .value(n)
                                                .build())
                                        .toList())))
                .build();
    }

    /** The one datapoint of ten minutes from {@code start} (empty when there is none yet). */
    private static Datapoint statistics(CloudWatchClient cloudWatch, String function, String metric, Instant start) {
        List<Datapoint> points = cloudWatch
                .getMetricStatistics(r -> r.namespace("AWS/Lambda")
                        .metricName(metric)
                        .dimensions(d -> d.name("FunctionName").value(function))
                        .startTime(start)
                        .endTime(start.plus(10, ChronoUnit.MINUTES))
                        .period(600)
                        .statistics(Statistic.SUM, Statistic.SAMPLE_COUNT, Statistic.MAXIMUM))
                .datapoints();
        return points.isEmpty() ? Datapoint.builder().build() : points.get(0);
    }
}

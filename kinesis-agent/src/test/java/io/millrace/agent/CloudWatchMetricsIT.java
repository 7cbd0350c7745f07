package io.millrace.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.millrace.agent.config.AgentConfigReader;
import io.millrace.agent.metrics.CloudWatchPublisher;
import io.millrace.testkit.LocalClients;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Datapoint;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * The agent's metrics on a gateway serving Kinesis and CloudWatch on one port, as `./millrace up` does: what the agent
 * sent comes back from GetMetricStatistics under its namespace, names and Destination dimension; a CloudWatch that
 * does not answer holds nothing up and is reported once.
 */
class CloudWatchMetricsIT {

    @TempDir
    Path dir;

    @Test
    void publishesWhatItSentUnderTheAgentsNamesOnTheKinesisEndpoint() throws Exception {
        AgentGateway gateway = AgentGateway.withCloudWatch();
        String stream = gateway.newStream("metrics");
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.MINUTES);
        // No cloudwatch.endpoint: the metrics go to the endpoint the flow sends to.
        Path config = agentJson(stream, gateway.endpoint(), "");
        try (Agent agent = Agent.start(AgentConfigReader.read(config))) {
            for (int i = 0; i < 240; i += 40) {
                AgentTestFiles.append(dir.resolve("logs/app.log"), AgentTestFiles.lines(i, i + 40));
                Thread.sleep(200);
            }
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> gateway.readAll(stream).size() == 240);
        }
        List<Record> received = gateway.readRecords(stream);
        long bytes =
                received.stream().mapToLong(r -> r.data().asByteArray().length).sum();

        try (CloudWatchClient cloudWatch = LocalClients.pointedAt(
                        CloudWatchClient.builder(), gateway.endpoint(), Duration.ofSeconds(30))
                .build()) {
            Dimension destination = Dimension.builder()
                    .name("Destination")
                    .value("KinesisStream:" + stream)
                    .build();
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() ->
                            sum(cloudWatch, "RecordsSent", destination, start).sum() == 240);
            assertThat(sum(cloudWatch, "BytesSent", destination, start).sum()).isEqualTo(bytes);
            Datapoint attempts = sum(cloudWatch, "RecordSendAttempts", destination, start);
            assertThat(attempts.sum()).isEqualTo(240);
            // One sample a PutRecords request: at least 240 / 50 of them.
            assertThat(attempts.sampleCount()).isGreaterThanOrEqualTo(5);
            assertThat(sum(cloudWatch, "RecordSendErrors", destination, start).sum())
                    .isZero();
            Datapoint serviceErrors = sum(cloudWatch, "ServiceErrors", destination, start);
            assertThat(serviceErrors.sum()).isZero();
            assertThat(serviceErrors.sampleCount()).isEqualTo(attempts.sampleCount());
        }
    }

    @Test
    void aCloudWatchThatDoesNotAnswerHoldsNothingUpAndIsReportedOnce() throws Exception {
        AgentGateway gateway = AgentGateway.shared();
        String stream = gateway.newStream("no-metrics");
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Path config = agentJson(
                stream, gateway.endpoint(), "\"cloudwatch.endpoint\": \"http://127.0.0.1:" + closedPort + "\",");
        try (AgentLog log = AgentLog.warningsOf(CloudWatchPublisher.class)) {
            try (Agent agent = Agent.start(AgentConfigReader.read(config))) {
                // Several publications fail while the lines are shipped (cloudwatch.metricsBufferTimeMillis 1 s).
                for (int i = 0; i < 200; i += 40) {
                    AgentTestFiles.append(dir.resolve("logs/app.log"), AgentTestFiles.lines(i, i + 40));
                    Thread.sleep(700);
                }
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> gateway.readAll(stream).size() == 200);
            }
            assertThat(gateway.readAll(stream)).containsExactlyElementsOf(AgentTestFiles.lines(0, 200));
            assertThat(log.warnings())
                    .singleElement()
                    .asString()
                    .contains("127.0.0.1:" + closedPort)
                    .contains("does not take the agent's metrics");
        }
    }

    private static Datapoint sum(CloudWatchClient cloudWatch, String metric, Dimension destination, Instant start) {
        List<Datapoint> points = cloudWatch
                .getMetricStatistics(r -> r.namespace("AWSKinesisAgent")
                        .metricName(metric)
                        .dimensions(destination)
                        .startTime(start)
                        .endTime(Instant.now().plus(2, ChronoUnit.MINUTES))
                        .period(60)
                        .statistics(Statistic.SUM, Statistic.SAMPLE_COUNT))
                .datapoints();
        return Datapoint.builder()
                .sum(points.stream().mapToDouble(Datapoint::sum).sum())
                .sampleCount(points.stream().mapToDouble(Datapoint::sampleCount).sum())
                .build();
    }

    /** The tests' agent.json with metrics on, published every second, and batches of at most 50 records. */
    private Path agentJson(String stream, URI endpoint, String cloudWatchEndpoint) throws Exception {
        return AgentTestFiles.agentJson(
                dir,
                endpoint,
                stream,
                50,
                "\"cloudwatch.emitMetrics\": true, \"cloudwatch.metricsBufferTimeMillis\": 1000, "
                        + cloudWatchEndpoint);
    }
}

package io.millrace.analytics.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.millrace.analytics.testing.FlinkCluster;
import io.millrace.analytics.testing.TestStreams;
import io.millrace.analytics.testing.TestStreams.StreamRecord;
import io.millrace.cloudwatch.CloudWatchConfig;
import io.millrace.cloudwatch.CloudWatchService;
import io.millrace.gateway.Gateway;
import io.millrace.gateway.config.GatewayConfig;
import io.millrace.testkit.LocalClients;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.test.junit5.InjectClusterRESTAddress;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Datapoint;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.kinesisanalyticsv2.KinesisAnalyticsV2Client;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.ApplicationDetail;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.ApplicationRestoreType;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.ApplicationStatus;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.CodeContentType;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.CodeValidationException;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.ConcurrentModificationException;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.CreateApplicationRequest;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.InvalidApplicationConfigurationException;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.RuntimeEnvironment;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.SnapshotDetails;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.SnapshotStatus;

/**
 * The application API through the official SDK client: a SQL application reading a stream and writing another, on
 * a Flink mini-cluster, through its whole life (start, snapshot, stop with a snapshot, restore with no loss or
 * duplicate, delete), and the errors AWS gives.
 */
class ApplicationApiIT {

    @RegisterExtension
    static final TestStreams KAFKA = new TestStreams();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkCluster.create();

    private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(60);
    private static final String ROLE = AnalyticsTestGateway.ROLE;
    /** Copies a stream to another, exactly once; the streams are runtime properties. */
    private static final String COPY_SQL = """
      CREATE TABLE src (id STRING) WITH ('connector' = 'millrace', 'stream' = '${streams.input}',
        'format' = 'raw');
      CREATE TABLE dst (v STRING, partition_key STRING METADATA) WITH ('connector' = 'millrace',
        'stream' = '${streams.output}', 'format' = 'raw', 'sink.delivery-guarantee' = 'exactly-once',
        'sink.transactional-id-prefix' = '${streams.output}');
      INSERT INTO dst SELECT CONCAT('seen-', id), id FROM src;
      """;

    @TempDir
    static Path savepoints;

    private static AnalyticsTestGateway gateway;
    private static KinesisAnalyticsV2Client client;

    @BeforeAll
    static void startGateway(@InjectClusterRESTAddress URI restAddress) throws Exception {
        gateway = AnalyticsTestGateway.start(
                restAddress, savepoints, TestStreams.uniqueStream("__millrace_analytics"), false);
        client = gateway.client();
    }

    @AfterAll
    static void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void aSqlApplicationRunsSnapshotsStopsAndRestoresWithNoLossOrDuplicate() throws Exception {
        String input = TestStreams.uniqueStream("app-in");
        String output = TestStreams.uniqueStream("app-out");
        TestStreams.createStream(input, 2);
        TestStreams.createStream(output, 2);
        TestStreams.put(input, records(0, 100));
        String name = "copy-" + input;

        ApplicationDetail created = client.createApplication(sqlApplication(name, COPY_SQL, input, output))
                .applicationDetail();
        assertThat(created.applicationStatus()).isEqualTo(ApplicationStatus.READY);
        assertThat(created.applicationVersionId()).isEqualTo(1L);
        assertThat(created.applicationARN())
                .isEqualTo("arn:aws:kinesisanalytics:us-east-1:000000000000:application/" + name);
        assertThat(created.applicationConfigurationDescription()
                        .environmentPropertyDescriptions()
                        .propertyGroupDescriptions()
                        .get(0)
                        .propertyMap())
                .containsEntry("input", input);

        client.startApplication(r -> r.applicationName(name));
        awaitStatus(name, ApplicationStatus.RUNNING);
        await().atMost(STATUS_TIMEOUT).until(() -> committed(output).size() >= 100);

        // A malformed application and bad SQL are refused; the running one goes on untouched.
        assertThatThrownBy(() -> client.createApplication(sqlApplication(
                        "bad-" + input,
                        "CREATE TABLE src (id STRING) WITH ('connector' = 'millrace', 'stream' = '" + input
                                + "', 'format' = 'raw');" + " INSERT INTO src SELECT no_such_column FROM src;",
                        input,
                        output)))
                .isInstanceOf(CodeValidationException.class)
                .hasMessageContaining("no_such_column");
        assertThatThrownBy(() -> client.startApplication(r -> r.applicationName(name)))
                .isInstanceOf(ResourceInUseException.class)
                .hasMessageContaining("RUNNING");

        client.createApplicationSnapshot(r -> r.applicationName(name).snapshotName("before-stop"));
        await().atMost(STATUS_TIMEOUT)
                .until(() -> client.describeApplicationSnapshot(
                                        r -> r.applicationName(name).snapshotName("before-stop"))
                                .snapshotDetails()
                                .snapshotStatus()
                        == SnapshotStatus.READY);
        assertThat(describe(name).applicationStatus()).isEqualTo(ApplicationStatus.RUNNING);

        client.stopApplication(r -> r.applicationName(name));
        awaitStatus(name, ApplicationStatus.READY);
        List<SnapshotDetails> snapshots =
                client.listApplicationSnapshots(r -> r.applicationName(name)).snapshotSummaries();
        assertThat(snapshots).hasSize(2).allMatch(s -> s.snapshotStatus() == SnapshotStatus.READY);
        assertThat(snapshots.get(0).snapshotName()).isEqualTo("before-stop");
        assertThat(snapshots.get(1).snapshotName()).startsWith("millrace-stop-");

        // Records arriving while it is stopped are read after the restore from the stop's snapshot, each once.
        TestStreams.put(input, records(100, 200));
        client.startApplication(r -> r.applicationName(name)
                .runConfiguration(c -> c.applicationRestoreConfiguration(restore ->
                        restore.applicationRestoreType(ApplicationRestoreType.RESTORE_FROM_LATEST_SNAPSHOT))));
        awaitStatus(name, ApplicationStatus.RUNNING);
        await().atMost(STATUS_TIMEOUT).until(() -> committed(output).size() >= 200);
        // A few more checkpoints: a duplicate would show up as a 201st record.
        Thread.sleep(1500);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            expected.add("seen-" + i);
        }
        assertThat(committed(output)).hasSize(200).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(client.listApplications(r -> {}).applicationSummaries()).anySatisfy(s -> {
            assertThat(s.applicationName()).isEqualTo(name);
            assertThat(s.applicationStatus()).isEqualTo(ApplicationStatus.RUNNING);
            assertThat(s.runtimeEnvironment()).isEqualTo(RuntimeEnvironment.SQL_1_0);
        });

        // An update of a running application restarts it on the new version from a snapshot, losing nothing.
        ApplicationDetail updated = client.updateApplication(r -> r.applicationName(name)
                        .currentApplicationVersionId(1L)
                        .applicationConfigurationUpdate(u -> u.flinkApplicationConfigurationUpdate(
                                f -> f.checkpointConfigurationUpdate(cp -> cp.checkpointIntervalUpdate(400L)))))
                .applicationDetail();
        assertThat(updated.applicationVersionId()).isEqualTo(2L);
        assertThat(updated.applicationStatus()).isEqualTo(ApplicationStatus.UPDATING);
        awaitStatus(name, ApplicationStatus.RUNNING);
        assertThat(describe(name)
                        .applicationConfigurationDescription()
                        .flinkApplicationConfigurationDescription()
                        .checkpointConfigurationDescription()
                        .checkpointInterval())
                .isEqualTo(400L);
        TestStreams.put(input, records(200, 210));
        await().atMost(STATUS_TIMEOUT).until(() -> committed(output).size() >= 210);
        Thread.sleep(1500);
        assertThat(committed(output)).hasSize(210).doesNotHaveDuplicates();
        assertThatThrownBy(() ->
                        client.updateApplication(r -> r.applicationName(name).currentApplicationVersionId(1L)))
                .isInstanceOf(ConcurrentModificationException.class);

        client.stopApplication(r -> r.applicationName(name).force(true));
        awaitStatus(name, ApplicationStatus.READY);
        assertThat(client.listApplicationSnapshots(r -> r.applicationName(name)).snapshotSummaries())
                .as("a forced stop takes no snapshot")
                .hasSize(3)
                .anySatisfy(s -> assertThat(s.snapshotName()).startsWith("millrace-update-"));

        client.deleteApplication(r -> r.applicationName(name).createTimestamp(created.createTimestamp()));
        await().atMost(STATUS_TIMEOUT)
                .untilAsserted(
                        () -> assertThatThrownBy(() -> describe(name)).isInstanceOf(ResourceNotFoundException.class));
    }

    @Test
    void aRunningApplicationRunsAgainAfterARestartOfThePlatformWithNoLossOrDuplicate(
            @InjectClusterRESTAddress URI restAddress) throws Exception {
        String input = TestStreams.uniqueStream("restart-in");
        String output = TestStreams.uniqueStream("restart-out");
        TestStreams.createStream(input, 2);
        TestStreams.createStream(output, 2);
        TestStreams.put(input, records(0, 50));
        String topic = TestStreams.uniqueStream("__millrace_analytics");
        String name = "restart-" + input;

        try (AnalyticsTestGateway first = AnalyticsTestGateway.start(restAddress, savepoints, topic, true)) {
            first.client().createApplication(sqlApplication(name, COPY_SQL, input, output));
            first.client().startApplication(r -> r.applicationName(name));
            await().atMost(STATUS_TIMEOUT).until(() -> committed(output).size() >= 50);
        }

        TestStreams.put(input, records(50, 100));
        try (AnalyticsTestGateway second = AnalyticsTestGateway.start(restAddress, savepoints, topic, true)) {
            await().atMost(STATUS_TIMEOUT).until(() -> committed(output).size() >= 100);
            Thread.sleep(1500);
            ApplicationDetail app = second.client()
                    .describeApplication(r -> r.applicationName(name))
                    .applicationDetail();
            assertThat(app.applicationStatus()).isEqualTo(ApplicationStatus.RUNNING);
            assertThat(committed(output)).hasSize(100).doesNotHaveDuplicates();
            second.client().stopApplication(r -> r.applicationName(name).force(true));
            await().atMost(STATUS_TIMEOUT)
                    .until(() -> second.client()
                                    .describeApplication(r -> r.applicationName(name))
                                    .applicationDetail()
                                    .applicationStatus()
                            == ApplicationStatus.READY);
        }
    }

    /**
     * A running application's figures read back through the CloudWatch API (SDK v2) in namespace
     * AWS/KinesisAnalytics, dimension Application, with AWS's units; the publisher runs every 2 s here.
     */
    @Test
    void aRunningApplicationsFiguresAreReadBackAsAwsKinesisAnalyticsMetrics(
            @InjectClusterRESTAddress URI restAddress, @TempDir Path cloudWatchState) throws Exception {
        String run = TestStreams.uniqueStream("metrics");
        GatewayConfig gatewayConfig = new GatewayConfig(Map.of(
                GatewayConfig.BOOTSTRAP_SERVERS,
                TestStreams.bootstrapServers(),
                GatewayConfig.PORT,
                "0",
                CloudWatchConfig.TOPIC,
                "metrics-" + run,
                CloudWatchConfig.TOPIC_PARTITIONS,
                "1",
                CloudWatchConfig.APPLICATION_ID,
                "cloudwatch-" + run,
                CloudWatchConfig.STATE_DIR,
                cloudWatchState.toString()));
        String input = TestStreams.uniqueStream("metrics-in");
        String output = TestStreams.uniqueStream("metrics-out");
        TestStreams.createStream(input, 2);
        TestStreams.createStream(output, 2);
        TestStreams.put(input, records(0, 40));
        String name = "figures-" + input;
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        try (CloudWatchService metrics = CloudWatchService.start(
                        new CloudWatchConfig(gatewayConfig.originals()), gatewayConfig.kafkaClientProperties());
                Gateway metricsGateway = Gateway.start(gatewayConfig, List.of(metrics));
                CloudWatchClient cloudWatch = LocalClients.pointedAt(
                                CloudWatchClient.builder(),
                                URI.create("http://127.0.0.1:" + metricsGateway.port()),
                                Duration.ofSeconds(30))
                        .build();
                AnalyticsTestGateway figures = AnalyticsTestGateway.start(
                        restAddress, savepoints, TestStreams.uniqueStream("__millrace_analytics"), false)) {
            figures.service().publishMetricsTo(metrics.platformMetrics(), Duration.ofSeconds(2));
            figures.client().createApplication(sqlApplication(name, COPY_SQL, input, output));
            figures.client().startApplication(r -> r.applicationName(name));
            figures.awaitStatus(name, ApplicationStatus.RUNNING, STATUS_TIMEOUT);
            await().atMost(STATUS_TIMEOUT).until(() -> committed(output).size() >= 40);

            // Forty records read and forty written, summed over the intervals they were counted in.
            MetricStatistics in = await().atMost(STATUS_TIMEOUT)
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> statistics(cloudWatch, name, "numRecordsIn", start), p -> p.sum() >= 40);
            assertThat(in.sum()).isEqualTo(40.0);
            assertThat(in.unit()).isEqualTo(StandardUnit.COUNT);
            MetricStatistics out = await().atMost(STATUS_TIMEOUT)
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> statistics(cloudWatch, name, "numRecordsOut", start), p -> p.sum() >= 40);
            assertThat(out.sum()).isEqualTo(40.0);
            MetricStatistics uptime = statistics(cloudWatch, name, "uptime", start);
            assertThat(uptime.maximum()).isPositive();
            assertThat(uptime.unit()).isEqualTo(StandardUnit.MILLISECONDS);
            assertThat(statistics(cloudWatch, name, "downtime", start).maximum())
                    .isZero();
            assertThat(statistics(cloudWatch, name, "fullRestarts", start).maximum())
                    .isZero();
            // Flink's count as it is (checkpoints every 300 ms on a busy machine do fail now and then).
            MetricStatistics failedCheckpoints = statistics(cloudWatch, name, "numberOfFailedCheckpoints", start);
            assertThat(failedCheckpoints.samples()).isPositive();
            assertThat(failedCheckpoints.unit()).isEqualTo(StandardUnit.COUNT);
            // Checkpoints every 300 ms: one has completed by now.
            MetricStatistics checkpoint = await().atMost(STATUS_TIMEOUT)
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> statistics(cloudWatch, name, "lastCheckpointDuration", start), p -> p.samples() > 0);
            assertThat(checkpoint.unit()).isEqualTo(StandardUnit.MILLISECONDS);
            assertThat(statistics(cloudWatch, name, "lastCheckpointSize", start).unit())
                    .isEqualTo(StandardUnit.BYTES);

            // GetMetricData reads the same figure.
            MetricDataResult data = cloudWatch
                    .getMetricData(r -> r.startTime(start)
                            .endTime(start.plus(10, ChronoUnit.MINUTES))
                            .metricDataQueries(q -> q.id("out")
                                    .metricStat(stat -> stat.period(600)
                                            .stat("Sum")
                                            .metric(m -> m.namespace("AWS/KinesisAnalytics")
                                                    .metricName("numRecordsOut")
                                                    .dimensions(d -> d.name("Application")
                                                            .value(name))))))
                    .metricDataResults()
                    .get(0);
            assertThat(data.values()).containsExactly(40.0);
            figures.client().stopApplication(r -> r.applicationName(name).force(true));
            figures.awaitStatus(name, ApplicationStatus.READY, STATUS_TIMEOUT);
        }
    }

    /** Sum, Maximum and SampleCount of ten minutes from {@code start}, as one datapoint (zeros when none yet). */
    private static MetricStatistics statistics(
            CloudWatchClient cloudWatch, String application, String metric, Instant start) {
        List<Datapoint> points = cloudWatch
                .getMetricStatistics(r -> r.namespace("AWS/KinesisAnalytics")
                        .metricName(metric)
                        .dimensions(d -> d.name("Application").value(application))
                        .startTime(start)
                        .endTime(start.plus(10, ChronoUnit.MINUTES))
                        .period(600)
                        .statistics(Statistic.SUM, Statistic.MAXIMUM, Statistic.SAMPLE_COUNT))
                .datapoints();
        if (points.isEmpty()) {
            return new MetricStatistics(0, 0, 0, null);
        }
        Datapoint point = points.get(0);
        return new MetricStatistics(point.sum(), point.maximum(), point.sampleCount(), point.unit());
    }

    private record MetricStatistics(double sum, double maximum, double samples, StandardUnit unit) {}

    @Test
    void requestsAreCheckedAsAwsDoes() throws Exception {
        String input = TestStreams.uniqueStream("checked-in");
        TestStreams.createStream(input, 1);
        String name = "checked-" + input;

        assertThatThrownBy(() -> describe("no-such-application"))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("no-such-application");
        assertThatThrownBy(() -> client.createApplication(r -> r.applicationName("not a name")
                        .runtimeEnvironment(RuntimeEnvironment.SQL_1_0)
                        .serviceExecutionRole(ROLE)))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("applicationName");
        assertThatThrownBy(() -> client.createApplication(sqlApplication(
                        name, "INSERT INTO millrace.`default`.`no-such-stream` SELECT 'x', 'y';", input, input)))
                .isInstanceOf(CodeValidationException.class)
                .hasMessageContaining("no-such-stream");
        assertThatThrownBy(() -> client.createApplication(sqlApplication(name, "SELEC oops;", input, input)))
                .isInstanceOf(CodeValidationException.class)
                .hasMessageContaining("SELEC");
        // A stream named in a table of the connector, not only in the catalog, must exist too.
        assertThatThrownBy(() -> client.createApplication(sqlApplication(
                        name,
                        "CREATE TABLE out_t (v STRING) WITH ("
                                + "'connector' = 'millrace', 'stream' = 'no-such-output', 'format' = 'raw', 'sink.partition-key.field' = 'v');"
                                + " INSERT INTO out_t SELECT 'x';",
                        input,
                        input)))
                .isInstanceOf(CodeValidationException.class)
                .hasMessageContaining("no-such-output");
        // AWS's newer Flink runtimes are refused naming the ones served.
        assertThatThrownBy(() -> client.createApplication(r ->
                        r.applicationName(name).runtimeEnvironment("FLINK-2_3").serviceExecutionRole(ROLE)))
                .isInstanceOf(
                        software.amazon.awssdk.services.kinesisanalyticsv2.model.UnsupportedOperationException.class)
                .hasMessageContaining("FLINK-2_3")
                .hasMessageContaining("FLINK-2_2");

        client.createApplication(r -> r.applicationName(name)
                .runtimeEnvironment(RuntimeEnvironment.SQL_1_0)
                .serviceExecutionRole(ROLE));
        assertThatThrownBy(() -> client.createApplication(r -> r.applicationName(name)
                        .runtimeEnvironment(RuntimeEnvironment.FLINK_1_20)
                        .serviceExecutionRole(ROLE)))
                .isInstanceOf(ResourceInUseException.class)
                .hasMessageContaining("already exists");
        assertThatThrownBy(() -> client.stopApplication(r -> r.applicationName(name)))
                .isInstanceOf(ResourceInUseException.class)
                .hasMessageContaining("READY");
        assertThatThrownBy(() -> client.startApplication(r -> r.applicationName(name)))
                .isInstanceOf(InvalidApplicationConfigurationException.class)
                .hasMessageContaining("no code");
        assertThatThrownBy(() -> client.createApplicationSnapshot(
                        r -> r.applicationName(name).snapshotName("s")))
                .isInstanceOf(InvalidApplicationConfigurationException.class)
                .hasMessageContaining("disabled");
        assertThatThrownBy(() -> client.deleteApplication(
                        r -> r.applicationName(name).createTimestamp(java.time.Instant.parse("2020-01-01T00:00:00Z"))))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("CreateTimestamp");
        assertThat(describe(name).applicationStatus()).isEqualTo(ApplicationStatus.READY);

        // A READY application takes new code at once; bad code is refused and changes nothing.
        assertThatThrownBy(() -> client.updateApplication(r -> r.applicationName(name)
                        .currentApplicationVersionId(1L)
                        .applicationConfigurationUpdate(u -> u.applicationCodeConfigurationUpdate(
                                code -> code.codeContentTypeUpdate(CodeContentType.PLAINTEXT)
                                        .codeContentUpdate(
                                                c -> c.textContentUpdate("INSERT INTO nowhere SELECT 1;"))))))
                .isInstanceOf(CodeValidationException.class)
                .hasMessageContaining("nowhere");
        String sql = "CREATE TABLE t (id STRING) WITH ('connector' = 'millrace', 'stream' = '" + input + "',"
                + " 'format' = 'raw', 'sink.partition-key.field' = 'id'); INSERT INTO t SELECT id FROM t;";
        ApplicationDetail updated = client.updateApplication(r -> r.applicationName(name)
                        .currentApplicationVersionId(1L)
                        .applicationConfigurationUpdate(u -> u.applicationCodeConfigurationUpdate(
                                code -> code.codeContentTypeUpdate(CodeContentType.PLAINTEXT)
                                        .codeContentUpdate(c -> c.textContentUpdate(sql)))))
                .applicationDetail();
        assertThat(updated.applicationVersionId()).isEqualTo(2L);
        assertThat(updated.applicationStatus()).isEqualTo(ApplicationStatus.READY);
        assertThat(updated.applicationConfigurationDescription()
                        .applicationCodeConfigurationDescription()
                        .codeContentDescription()
                        .textContent())
                .isEqualTo(sql);
        assertThatThrownBy(() ->
                        client.updateApplication(r -> r.applicationName(name).currentApplicationVersionId(1L)))
                .isInstanceOf(ConcurrentModificationException.class)
                .hasMessageContaining("CurrentApplicationVersionId");

        String arn = updated.applicationARN();
        client.tagResource(r -> r.resourceARN(arn)
                .tags(t -> t.key("team").value("data"), t -> t.key("env").value("dev")));
        client.untagResource(r -> r.resourceARN(arn).tagKeys("env"));
        assertThat(client.listTagsForResource(r -> r.resourceARN(arn)).tags())
                .singleElement()
                .satisfies(t -> assertThat(t.key() + "=" + t.value()).isEqualTo("team=data"));
        assertThatThrownBy(() -> client.listTagsForResource(r -> r.resourceARN(arn + "-gone")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    private static CreateApplicationRequest sqlApplication(String name, String sql, String input, String output) {
        return AnalyticsTestGateway.sqlApplication(name, sql, input, output, true);
    }

    private static ApplicationDetail describe(String name) {
        return gateway.describe(name);
    }

    private static void awaitStatus(String name, ApplicationStatus status) {
        gateway.awaitStatus(name, status, STATUS_TIMEOUT);
    }

    private static List<String> committed(String stream) {
        return TestStreams.readCommitted(stream).stream()
                .map(r -> new String(r.value(), StandardCharsets.UTF_8))
                .toList();
    }

    private static List<StreamRecord> records(int from, int to) {
        List<StreamRecord> records = new ArrayList<>();
        for (int i = from; i < to; i++) {
            records.add(new StreamRecord(i % 2, Integer.toString(i), Integer.toString(i), 1_700_000_000_000L + i));
        }
        return records;
    }
}

package io.millrace.analytics.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.analytics.testing.FlinkCluster;
import io.millrace.analytics.testing.TestStreams;
import io.millrace.analytics.testing.TestStreams.StreamRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.test.junit5.InjectClusterRESTAddress;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesisanalyticsv2.KinesisAnalyticsV2Client;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.ApplicationDetail;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.ApplicationOperationInfo;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.ApplicationOperationInfoDetails;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.ApplicationStatus;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.InvalidApplicationConfigurationException;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.OperationStatus;

/**
 * A running application whose Flink job fails, through the SDK client: it stays RUNNING while Flink restarts the
 * job (as on AWS), each root cause is one FAILED operation with its ErrorString and one line in the log however
 * often the job restarts, snapshots are refused meanwhile, and new code clears it; a job Flink gives up on leaves
 * the application READY.
 */
class ApplicationHealthIT {

    @RegisterExtension
    static final TestStreams KAFKA = new TestStreams();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkCluster.create();

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String TABLES = """
      CREATE TABLE src (id STRING) WITH ('connector' = 'millrace', 'stream' = '${streams.input}', 'format' = 'raw');
      CREATE TABLE dst (v STRING, partition_key STRING METADATA) WITH ('connector' = 'millrace',
        'stream' = '${streams.output}', 'format' = 'raw');
      """;
    /** Doubles numbers: a record that is not one fails the job, again at each restart. */
    private static final String STRICT_SQL =
            TABLES + "INSERT INTO dst SELECT CAST(CAST(id AS INT) * 2 AS STRING), id FROM src;";

    private static final String LENIENT_SQL =
            TABLES + "INSERT INTO dst SELECT CAST(COALESCE(TRY_CAST(id AS INT), -1) * 2 AS STRING), id FROM src;";

    @TempDir
    static Path savepoints;

    private static URI flinkRest;
    private static AnalyticsTestGateway gateway;
    private static KinesisAnalyticsV2Client client;
    private static final List<String> LOG_LINES = new CopyOnWriteArrayList<>();
    private static AbstractAppender capture;

    @BeforeAll
    static void start(@InjectClusterRESTAddress URI restAddress) throws Exception {
        capture = new AbstractAppender("health-capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                LOG_LINES.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
            }
        };
        capture.start();
        for (Class<?> type : List.of(JobHealth.class, ApplicationLifecycle.class)) {
            ((Logger) LogManager.getLogger(type)).addAppender(capture);
        }
        flinkRest = restAddress;
        gateway = AnalyticsTestGateway.start(
                restAddress, savepoints, TestStreams.uniqueStream("__millrace_analytics"), false);
        client = gateway.client();
    }

    @AfterAll
    static void stop() {
        for (Class<?> type : List.of(JobHealth.class, ApplicationLifecycle.class)) {
            ((Logger) LogManager.getLogger(type)).removeAppender(capture);
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void aJobFailingOnARecordIsShownAndLoggedOnceWhileItRestartsAndNewCodeClearsIt() throws Exception {
        String[] streams = streams();
        String input = streams[0];
        String output = streams[1];
        String name = "strict-" + input;
        TestStreams.put(input, List.of(record("1"), record("2")));
        client.createApplication(AnalyticsTestGateway.sqlApplication(name, STRICT_SQL, input, output, true));
        String startId = client.startApplication(r -> r.applicationName(name)).operationId();
        awaitStatus(name, ApplicationStatus.RUNNING);
        await().atMost(TIMEOUT).until(() -> TestStreams.readValues(output), v -> v.containsAll(List.of("2", "4")));
        assertThat(operation(name, startId).operationStatus()).isEqualTo(OperationStatus.SUCCESSFUL);

        TestStreams.put(input, List.of(record("oops")));
        String cause = "java.lang.NumberFormatException: For input string: 'oops'. Invalid character found.";
        ApplicationOperationInfo failure = await().atMost(TIMEOUT)
                .until(() -> failures(name), f -> !f.isEmpty())
                .get(0);
        String jobId = jobId(name);
        // Flink goes on restarting the job, which fails on the same record each time: still one of each.
        await().atMost(TIMEOUT).until(() -> flinkFailures(jobId) >= 3);
        Thread.sleep(2 * JobHealth.CHECK_INTERVAL.toMillis());
        assertThat(failures(name)).containsExactly(failure);
        assertThat(failure.operationStatus()).isEqualTo(OperationStatus.FAILED);
        ApplicationOperationInfoDetails details = operation(name, failure.operationId());
        assertThat(details.operation()).isEqualTo("FlinkJobFailure");
        assertThat(details.operationStatus()).isEqualTo(OperationStatus.FAILED);
        assertThat(details.operationFailureDetails().errorInfo().errorString()).isEqualTo(cause);
        assertThat(details.startTime()).isEqualTo(details.endTime());
        assertThat(failingLines(name)).containsExactly("WARN Application " + name + ": job failing: " + cause);

        // As on AWS: RUNNING meanwhile, and no snapshot of a job that is down.
        ApplicationDetail running = describe(name);
        assertThat(running.applicationStatus()).isEqualTo(ApplicationStatus.RUNNING);
        assertThat(running.applicationVersionId()).isEqualTo(1L);
        assertThatThrownBy(() -> client.createApplicationSnapshot(
                        r -> r.applicationName(name).snapshotName("s1")))
                .isInstanceOf(InvalidApplicationConfigurationException.class)
                .hasMessageContaining("Failed to take snapshot for the application " + name + " at this moment. The"
                        + " application is currently experiencing downtime: its job is failing with " + cause);

        // New code (without a snapshot, as AWS advises) replaces the failing job; the failure is over.
        String updateId = client.updateApplication(r -> r.applicationName(name)
                        .currentApplicationVersionId(1L)
                        .applicationConfigurationUpdate(u -> u.applicationCodeConfigurationUpdate(
                                        c -> c.codeContentUpdate(t -> t.textContentUpdate(LENIENT_SQL)))
                                .applicationSnapshotConfigurationUpdate(s -> s.snapshotsEnabledUpdate(false))))
                .operationId();
        awaitStatus(name, ApplicationStatus.RUNNING);
        await().atMost(TIMEOUT).until(() -> TestStreams.readValues(output), v -> v.contains("-2"));
        ApplicationOperationInfoDetails update = operation(name, updateId);
        assertThat(update.operation()).isEqualTo("UpdateApplication");
        assertThat(update.operationStatus()).isEqualTo(OperationStatus.SUCCESSFUL);
        assertThat(update.applicationVersionChangeDetails().applicationVersionUpdatedFrom())
                .isEqualTo(1L);
        assertThat(update.applicationVersionChangeDetails().applicationVersionUpdatedTo())
                .isEqualTo(2L);
        assertThat(update.operationFailureDetails()).isNull();
        // Snapshots are taken again once enabled: the record no longer holds the failure.
        client.updateApplication(r -> r.applicationName(name)
                .currentApplicationVersionId(2L)
                .applicationConfigurationUpdate(
                        u -> u.applicationSnapshotConfigurationUpdate(s -> s.snapshotsEnabledUpdate(true))));
        awaitStatus(name, ApplicationStatus.RUNNING);
        client.createApplicationSnapshot(r -> r.applicationName(name).snapshotName("after-fix"));
        Thread.sleep(2 * JobHealth.CHECK_INTERVAL.toMillis());
        assertThat(failures(name)).containsExactly(failure);
        assertThat(failingLines(name)).hasSize(1);
        assertThat(client.listApplicationOperations(r -> r.applicationName(name))
                        .applicationOperationInfoList())
                .extracting(ApplicationOperationInfo::operation)
                .containsExactly("UpdateApplication", "UpdateApplication", "FlinkJobFailure", "StartApplication");
    }

    @Test
    void aJobFlinkGivesUpOnLeavesTheApplicationReady() throws Exception {
        String[] streams = streams();
        String input = streams[0];
        String output = streams[1];
        String name = "no-restarts-" + input;
        // Without checkpoints, Flink's default is not to restart a failed job.
        client.createApplication(AnalyticsTestGateway.sqlApplication(name, STRICT_SQL, input, output, false));
        client.startApplication(r -> r.applicationName(name));
        awaitStatus(name, ApplicationStatus.RUNNING);
        TestStreams.put(input, List.of(record("oops")));

        awaitStatus(name, ApplicationStatus.READY);
        String cause = "java.lang.NumberFormatException: For input string: 'oops'. Invalid character found.";
        List<ApplicationOperationInfo> failures = failures(name);
        assertThat(failures).hasSize(1);
        assertThat(operation(name, failures.get(0).operationId())
                        .operationFailureDetails()
                        .errorInfo()
                        .errorString())
                .isEqualTo(cause);
        assertThat(LOG_LINES)
                .filteredOn(line -> line.contains(name + ": job"))
                .containsExactly(
                        "WARN Application " + name + ": job failed for good, the application is READY: " + cause);
        // READY as after a stop: it starts again.
        client.startApplication(r -> r.applicationName(name)
                .runConfiguration(c -> c.applicationRestoreConfiguration(
                        restore -> restore.applicationRestoreType("SKIP_RESTORE_FROM_SNAPSHOT"))));
        awaitStatus(name, ApplicationStatus.RUNNING);
    }

    private static List<String> failingLines(String name) {
        return LOG_LINES.stream().filter(line -> line.contains(name + ": job")).toList();
    }

    private static List<ApplicationOperationInfo> failures(String name) {
        return client.listApplicationOperations(r -> r.applicationName(name).operation("FlinkJobFailure"))
                .applicationOperationInfoList();
    }

    private static ApplicationOperationInfoDetails operation(String name, String id) {
        return client.describeApplicationOperation(r -> r.applicationName(name).operationId(id))
                .applicationOperationInfoDetails();
    }

    private static String jobId(String name) {
        return describe(name)
                .applicationConfigurationDescription()
                .flinkApplicationConfigurationDescription()
                .jobPlanDescription()
                .replace("Flink job ", "");
    }

    /** The failures in the job's exception history, from Flink's REST API. */
    private static int flinkFailures(String jobId) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(flinkRest.resolve("/jobs/" + jobId + "/exceptions"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        JsonNode history = new ObjectMapper()
                .readTree(response.body())
                .path("exceptionHistory")
                .path("entries");
        return history.size();
    }

    private static StreamRecord record(String value) {
        return new StreamRecord(0, value, value, System.currentTimeMillis());
    }

    private static ApplicationDetail describe(String name) {
        return gateway.describe(name);
    }

    private static void awaitStatus(String name, ApplicationStatus status) {
        gateway.awaitStatus(name, status, TIMEOUT);
    }

    /** An input and an output stream of one shard each. */
    private static String[] streams() throws Exception {
        String input = TestStreams.uniqueStream("health-in");
        String output = TestStreams.uniqueStream("health-out");
        TestStreams.createStream(input, 1);
        TestStreams.createStream(output, 1);
        return new String[] {input, output};
    }
}

package io.millrace.analytics.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.analytics.testing.FlinkCluster;
import io.millrace.analytics.testing.TestStreams;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.test.junit5.InjectClusterRESTAddress;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kinesisanalyticsv2.KinesisAnalyticsV2Client;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.ApplicationOperationInfoDetails;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.ApplicationStatus;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.OperationStatus;

/**
 * Signed mode, as {@code millrace up --auth signed} assembles the gateway: an application's ServiceExecutionRole must
 * exist and trust {@code kinesisanalytics.amazonaws.com} when it is created, given by UpdateApplication, or started;
 * a SQL application's job runs only if the role's policies let it read the streams it scans; and every job's
 * Millrace sources, SQL or jar, authorize their reads at the gateway's Kinesis API with the role's session
 * credentials when they open a stream and every {@link #RECHECK} while they read it (their writes:
 * {@link JobCredentialsIT}).
 */
class ExecutionRolesIT {

    @RegisterExtension
    static final TestStreams KAFKA = new TestStreams();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkCluster.create();

    private static final String ROLES = SignedPlatform.ROLES;
    private static final String ACCOUNT = SignedPlatform.ACCOUNT;
    /** Short, so that a policy change shows within seconds; the default is 30 s. */
    private static final Duration RECHECK = Duration.ofSeconds(2);

    private static final String SQL = """
      CREATE TABLE src (id STRING) WITH ('connector' = 'datagen');
      CREATE TABLE dst (id STRING) WITH ('connector' = 'blackhole');
      INSERT INTO dst SELECT id FROM src;
      """;

    @TempDir
    static Path savepoints;

    private static SignedPlatform platform;
    private static KinesisAnalyticsV2Client client;
    private static IamClient iamClient;

    @BeforeAll
    static void start(@InjectClusterRESTAddress URI flinkRest) throws Exception {
        platform = SignedPlatform.start(flinkRest, savepoints, RECHECK, Duration.ofDays(7), "execution_roles");
        client = platform.client;
        iamClient = platform.iamClient;
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void anApplicationNeedsARoleTheServiceCanAssume() {
        String missing = ROLES + "no-such-role";
        String refused = TestStreams.uniqueStream("refused");
        assertThatThrownBy(() -> client.createApplication(application(refused, missing)))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageStartingWith(
                        "Kinesis Analytics service doesn't have sufficient privileges to assume the role " + missing);
        assertThat(client.listApplications(r -> {}).applicationSummaries())
                .noneMatch(summary -> summary.applicationName().equals(refused));

        String role = TestStreams.uniqueStream("flink-role");
        iamClient.createRole(
                r -> r.roleName(role).assumeRolePolicyDocument(trusting("kinesisanalytics.amazonaws.com")));
        String name = TestStreams.uniqueStream("app");
        client.createApplication(application(name, ROLES + role));

        assertThatThrownBy(() -> client.updateApplication(r ->
                        r.applicationName(name).currentApplicationVersionId(1L).serviceExecutionRoleUpdate(missing)))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageStartingWith("Kinesis Analytics service doesn't have sufficient privileges");

        // The trust is checked again at start: a role that stopped trusting the service cannot run the job.
        iamClient.updateAssumeRolePolicy(r -> r.roleName(role).policyDocument(trusting("firehose.amazonaws.com")));
        assertThatThrownBy(() -> client.startApplication(r -> r.applicationName(name)))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageStartingWith("Kinesis Analytics service doesn't have sufficient privileges to assume the"
                        + " role " + ROLES + role);
        assertThat(client.describeApplication(r -> r.applicationName(name))
                        .applicationDetail()
                        .applicationStatus())
                .isEqualTo(ApplicationStatus.READY);
    }

    @Test
    void aJobRunsOnlyOnceItsRolesPoliciesLetItReadItsSourceStream() throws Exception {
        String input = streamHolding(TestStreams.uniqueStream("role-in"), "readable");
        String output = streamHolding(TestStreams.uniqueStream("role-out"));
        String role = TestStreams.uniqueStream("reader-role");
        iamClient.createRole(
                r -> r.roleName(role).assumeRolePolicyDocument(trusting("kinesisanalytics.amazonaws.com")));
        String streamArn = streamArn(input);
        // Everything the copy does but GetRecords.
        platform.putPolicy(
                role,
                SignedPlatform.policy(
                        SignedPlatform.statement(streamArn, "kinesis:DescribeStream", "kinesis:GetShardIterator"),
                        SignedPlatform.statement(streamArn(output), "kinesis:PutRecords")));
        String name = TestStreams.uniqueStream("reader");
        createCopyApplication(name, input, output, role);

        String denied = client.startApplication(r -> r.applicationName(name)).operationId();
        ApplicationOperationInfoDetails failed = Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> operation(name, denied), o -> o.operationStatus() != OperationStatus.IN_PROGRESS);
        assertThat(failed.operationStatus()).isEqualTo(OperationStatus.FAILED);
        assertThat(failed.operationFailureDetails().errorInfo().errorString())
                .isEqualTo("AccessDeniedException: User: arn:aws:sts::" + ACCOUNT + ":assumed-role/" + role
                        + "/kinesisanalytics is not authorized to perform: kinesis:GetRecords on resource: "
                        + streamArn + " because no identity-based policy allows the kinesis:GetRecords action");
        assertThat(status(name)).isEqualTo(ApplicationStatus.READY);
        assertThat(TestStreams.readValues(output)).isEmpty();

        // Every gateway sees a policy change within seconds, as it reads IAM's topic.
        platform.putPolicy(role, SignedPlatform.copying(input, output));
        client.startApplication(r -> r.applicationName(name));
        Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> status(name) == ApplicationStatus.RUNNING);
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> TestStreams.readValues(output), v -> !v.isEmpty());
        assertThat(TestStreams.readValues(output)).containsExactly("readable");
        client.stopApplication(r -> r.applicationName(name).force(true));
    }

    @Test
    void aRunningJobStopsReadingOnceItsRolesPoliciesNoLongerLetIt() throws Exception {
        String input = streamHolding(TestStreams.uniqueStream("revoked-in"), "before");
        String output = streamHolding(TestStreams.uniqueStream("revoked-out"));
        String role = platform.role(SignedPlatform.copying(input, output));
        String name = TestStreams.uniqueStream("revoked");
        createCopyApplication(name, input, output, role);
        client.startApplication(r -> r.applicationName(name));
        Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> status(name) == ApplicationStatus.RUNNING);
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> TestStreams.readValues(output), v -> v.contains("before"));

        String streamArn = streamArn(input);
        long revoked = System.nanoTime();
        iamClient.putRolePolicy(r -> r.roleName(role)
                .policyName("job")
                .policyDocument(SignedPlatform.policy(
                        SignedPlatform.statement(streamArn, "kinesis:DescribeStream", "kinesis:GetShardIterator"),
                        SignedPlatform.statement(streamArn(output), "kinesis:PutRecords"))));
        String failure =
                Awaitility.await().atMost(RECHECK.multipliedBy(10)).until(() -> jobFailure(name), f -> f != null);
        long stoppedMillis = (System.nanoTime() - revoked) / 1_000_000;
        assertThat(failure)
                .isEqualTo("AccessDeniedException: User: arn:aws:sts::" + ACCOUNT + ":assumed-role/" + role
                        + "/kinesisanalytics is not authorized to perform: kinesis:GetRecords on resource: "
                        + streamArn + " because no identity-based policy allows the kinesis:GetRecords action");
        // Without checkpoints Flink does not restart the job: the application is READY, as after any failed job.
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> status(name) == ApplicationStatus.READY);
        System.out.printf("Reads refused %d ms after PutRolePolicy (re-check every %s)%n", stoppedMillis, RECHECK);

        // Nothing written afterwards is read any more.
        put(input, "after");
        Thread.sleep(RECHECK.multipliedBy(2).toMillis());
        assertThat(TestStreams.readValues(output)).containsExactly("before");
    }

    @Test
    void aJarApplicationsSourceIsRefusedAStreamItsRoleMayNotRead() throws Exception {
        String input = streamHolding(TestStreams.uniqueStream("jar-denied-in"), "hidden");
        String output = streamHolding(TestStreams.uniqueStream("jar-denied-out"));
        // The role may read its own stream, not this one.
        String role = platform.role(SignedPlatform.copying(TestStreams.uniqueStream("other"), output));
        String name = TestStreams.uniqueStream("jar-denied");
        client.createApplication(
                JarApplicationIT.jarApplication(name, JarApplicationIT.jar(CopyStreamJob.class), input, output)
                        .toBuilder()
                        .serviceExecutionRole(ROLES + role)
                        .build());
        client.startApplication(r -> r.applicationName(name));

        String failure =
                Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> jobFailure(name), f -> f != null);
        assertThat(failure)
                .isEqualTo("AccessDeniedException: User: arn:aws:sts::" + ACCOUNT + ":assumed-role/" + role
                        + "/kinesisanalytics is not authorized to perform: kinesis:DescribeStream on resource: "
                        + streamArn(input) + " because no identity-based policy allows the kinesis:DescribeStream"
                        + " action");
        // With checkpoints Flink restarts the job, which is refused again at each start: it never reads.
        assertThat(status(name)).isEqualTo(ApplicationStatus.RUNNING);
        assertThat(TestStreams.readValues(output)).isEmpty();
        client.stopApplication(r -> r.applicationName(name).force(true));
    }

    private static void createCopyApplication(String name, String input, String output, String role) {
        platform.createCopyApplication(name, input, output, role);
    }

    private static String streamHolding(String stream, String... values) throws Exception {
        return SignedPlatform.streamHolding(stream, values);
    }

    private static void put(String stream, String value) throws Exception {
        SignedPlatform.put(stream, value);
    }

    private static String streamArn(String stream) {
        return SignedPlatform.streamArn(stream);
    }

    private static String jobFailure(String name) {
        return platform.jobFailure(name);
    }

    private static ApplicationStatus status(String name) {
        return platform.status(name);
    }

    private static ApplicationOperationInfoDetails operation(String name, String id) {
        return platform.operation(name, id);
    }

    private static software.amazon.awssdk.services.kinesisanalyticsv2.model.CreateApplicationRequest application(
            String name, String role) {
        return AnalyticsTestGateway.sqlApplication(name, SQL, "unused-in", "unused-out", false).toBuilder()
                .serviceExecutionRole(role)
                .build();
    }

    private static String trusting(String service) {
        return SignedPlatform.trusting(service);
    }
}

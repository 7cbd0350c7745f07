package io.millrace.analytics.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.analytics.testing.FlinkCluster;
import io.millrace.analytics.testing.TestStreams;
import io.millrace.gateway.Gateway;
import io.millrace.gateway.access.AccessRequest;
import io.millrace.gateway.access.ResourcePolicies;
import io.millrace.gateway.config.GatewayConfig;
import io.millrace.iam.IamConfig;
import io.millrace.iam.IamService;
import io.millrace.kinesis.KinesisService;
import io.millrace.kinesis.config.KinesisConfig;
import io.millrace.testkit.LocalClients;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.test.junit5.InjectClusterRESTAddress;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
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
 * credentials when they open a stream and every {@link #RECHECK} while they read it.
 */
class ExecutionRolesIT {

    @RegisterExtension
    static final TestStreams KAFKA = new TestStreams();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkCluster.create();

    private static final String ACCOUNT = "123456789012";
    private static final String ROOT_KEY = "AKIAROOTROOTROOTROOT";
    private static final String ROOT_SECRET = "root-secret-for-tests";
    private static final String ROLES = "arn:aws:iam::" + ACCOUNT + ":role/";
    /** Short, so that a policy change shows within seconds; the default is 30 s. */
    private static final Duration RECHECK = Duration.ofSeconds(2);

    private static final String SQL = """
      CREATE TABLE src (id STRING) WITH ('connector' = 'datagen');
      CREATE TABLE dst (id STRING) WITH ('connector' = 'blackhole');
      INSERT INTO dst SELECT id FROM src;
      """;

    @TempDir
    static Path savepoints;

    private static IamService iam;
    private static KinesisService kinesis;
    private static AnalyticsService analytics;
    private static Gateway gateway;
    private static KinesisAnalyticsV2Client client;
    private static IamClient iamClient;

    @BeforeAll
    static void start(@InjectClusterRESTAddress URI flinkRest) throws Exception {
        // The gateway's port is known before it starts: the jobs' sources are told where to authorize their reads.
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Map<String, Object> props = new HashMap<>();
        props.put(GatewayConfig.BOOTSTRAP_SERVERS, TestStreams.bootstrapServers());
        props.put(GatewayConfig.PORT, String.valueOf(port));
        props.put(GatewayConfig.ACCOUNT_ID, ACCOUNT);
        props.put(GatewayConfig.AUTH_MODE, "signed");
        props.put(GatewayConfig.CREDENTIALS, ROOT_KEY + ":" + ROOT_SECRET);
        props.put(IamConfig.TOPIC, TestStreams.uniqueStream("__millrace_iam_execution_roles"));
        props.put(IamConfig.SECRET_KEY, "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");
        KinesisConfig config = new KinesisConfig(props);
        iam = IamService.start(new IamConfig(props), config.kafkaClientProperties(), ACCOUNT);
        Configuration options = new Configuration();
        options.set(AnalyticsConfig.FLINK_REST_URL, flinkRest.toString());
        options.set(AnalyticsConfig.BOOTSTRAP_SERVERS, TestStreams.bootstrapServers());
        options.set(AnalyticsConfig.SAVEPOINT_DIR, savepoints.toUri().toString());
        options.set(AnalyticsConfig.METADATA_TOPIC, TestStreams.uniqueStream("__millrace_analytics_roles"));
        options.set(AnalyticsConfig.KINESIS_ENDPOINT, "http://127.0.0.1:" + port);
        options.set(AnalyticsConfig.READ_RECHECK_INTERVAL, RECHECK);
        analytics = AnalyticsService.start(
                options,
                config.kafkaClientProperties(),
                false,
                CompletableFuture.completedFuture(null),
                iam.serviceRoles(ResourcePolicies.NONE));
        kinesis = KinesisService.start(config);
        gateway =
                Gateway.start(config, List.of(kinesis, analytics, iam), iam.accessControl(kinesis.resourcePolicies()));
        URI endpoint = URI.create("http://127.0.0.1:" + gateway.port());
        StaticCredentialsProvider root =
                StaticCredentialsProvider.create(AwsBasicCredentials.create(ROOT_KEY, ROOT_SECRET));
        client = LocalClients.pointedAt(KinesisAnalyticsV2Client.builder(), endpoint, Duration.ofSeconds(60))
                .credentialsProvider(root)
                .build();
        iamClient = LocalClients.pointedAt(IamClient.builder(), endpoint, Duration.ofSeconds(30))
                .credentialsProvider(root)
                .build();
    }

    @AfterAll
    static void stop() {
        client.close();
        iamClient.close();
        gateway.close();
        analytics.close();
        kinesis.close();
        iam.close();
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
        String streamArn = "arn:aws:kinesis:us-east-1:" + ACCOUNT + ":stream/" + input;
        // Everything the source does but GetRecords; writing the output needs no Kinesis permission (Kafka direct).
        iamClient.putRolePolicy(r -> r.roleName(role)
                .policyName("reads")
                .policyDocument(allowing(streamArn, "kinesis:DescribeStream", "kinesis:GetShardIterator")));
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

        iamClient.putRolePolicy(r -> r.roleName(role)
                .policyName("reads")
                .policyDocument(allowing(
                        streamArn, "kinesis:DescribeStream", "kinesis:GetShardIterator", "kinesis:GetRecords")));
        // Every gateway sees a policy change within seconds, as it reads IAM's topic.
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> iam.serviceRoles(ResourcePolicies.NONE)
                        .authorize(
                                ROLES + role,
                                ExecutionRoles.KINESIS_ANALYTICS,
                                AccessRequest.of("kinesis:GetRecords", streamArn))
                        .allowed());
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
        String role = readerRole(input);
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
                .policyName("reads")
                .policyDocument(allowing(streamArn, "kinesis:DescribeStream", "kinesis:GetShardIterator")));
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
        String role = readerRole(TestStreams.uniqueStream("other"));
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

    /** A SQL application copying {@code input} to {@code output}, without checkpoints, running as {@code role}. */
    private static void createCopyApplication(String name, String input, String output, String role) {
        client.createApplication(
                AnalyticsTestGateway.sqlApplication(name, AnalyticsTestGateway.copySql(""), input, output, false)
                        .toBuilder()
                        .serviceExecutionRole(ROLES + role)
                        .build());
    }

    /** {@code stream} created with one shard, holding {@code values}. */
    private static String streamHolding(String stream, String... values) throws Exception {
        TestStreams.createStream(stream, 1);
        for (String value : values) {
            put(stream, value);
        }
        return stream;
    }

    private static void put(String stream, String value) throws Exception {
        TestStreams.put(stream, List.of(new TestStreams.StreamRecord(0, "k", value, System.currentTimeMillis())));
    }

    /** A role the service may assume, allowed to read {@code stream}. */
    private static String readerRole(String stream) {
        String role = TestStreams.uniqueStream("reader-role");
        iamClient.createRole(
                r -> r.roleName(role).assumeRolePolicyDocument(trusting("kinesisanalytics.amazonaws.com")));
        iamClient.putRolePolicy(r -> r.roleName(role)
                .policyName("reads")
                .policyDocument(allowing(
                        streamArn(stream),
                        "kinesis:DescribeStream",
                        "kinesis:GetShardIterator",
                        "kinesis:GetRecords")));
        return role;
    }

    private static String streamArn(String stream) {
        return "arn:aws:kinesis:us-east-1:" + ACCOUNT + ":stream/" + stream;
    }

    /** The ErrorString of the application's first FlinkJobFailure operation, null while it has none. */
    private static String jobFailure(String name) {
        return client.listApplicationOperations(r -> r.applicationName(name)).applicationOperationInfoList().stream()
                .filter(info -> info.operation().equals("FlinkJobFailure"))
                .findFirst()
                .map(info -> operation(name, info.operationId())
                        .operationFailureDetails()
                        .errorInfo()
                        .errorString())
                .orElse(null);
    }

    private static ApplicationStatus status(String name) {
        return client.describeApplication(r -> r.applicationName(name))
                .applicationDetail()
                .applicationStatus();
    }

    private static ApplicationOperationInfoDetails operation(String name, String id) {
        return client.describeApplicationOperation(r -> r.applicationName(name).operationId(id))
                .applicationOperationInfoDetails();
    }

    private static String allowing(String resource, String... actions) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\""
                + String.join("\",\"", actions) + "\"],\"Resource\":\"" + resource + "\"}]}";
    }

    private static software.amazon.awssdk.services.kinesisanalyticsv2.model.CreateApplicationRequest application(
            String name, String role) {
        return AnalyticsTestGateway.sqlApplication(name, SQL, "unused-in", "unused-out", false).toBuilder()
                .serviceExecutionRole(role)
                .build();
    }

    private static String trusting(String service) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\""
                + service + "\"},\"Action\":\"sts:AssumeRole\"}]}";
    }
}

package io.millrace.analytics.application;

import io.millrace.analytics.testing.TestStreams;
import io.millrace.gateway.Gateway;
import io.millrace.gateway.access.ResourcePolicies;
import io.millrace.gateway.audit.ApiCall;
import io.millrace.gateway.config.GatewayConfig;
import io.millrace.iam.IamConfig;
import io.millrace.iam.IamService;
import io.millrace.kinesis.KinesisService;
import io.millrace.kinesis.config.KinesisConfig;
import io.millrace.kinesis.crypto.KmsApiKeys;
import io.millrace.kinesis.policy.ResourcePolicyValidator;
import io.millrace.kms.KmsConfig;
import io.millrace.kms.KmsService;
import io.millrace.testkit.LocalClients;
import io.millrace.testkit.TestReadPath;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.configuration.Configuration;
import org.awaitility.Awaitility;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.EncryptionType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.kinesisanalyticsv2.KinesisAnalyticsV2Client;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.ApplicationOperationInfoDetails;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.ApplicationStatus;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Signed mode, as {@code millrace up --auth signed} assembles the gateway: IAM and STS with a root key, Kinesis and
 * KMS (whose endpoint jobs are given without credentials: they decrypt as their role) and the application API running
 * jobs on the test class's Flink mini-cluster, the jobs told the gateway's URL (its port is chosen before it
 * starts). The Kinesis and KMS calls the gateway hands its audit trail (what CloudTrail records) are kept in
 * {@link #calls}.
 */
final class SignedPlatform implements AutoCloseable {

    static final String ACCOUNT = "123456789012";
    static final String ROLES = "arn:aws:iam::" + ACCOUNT + ":role/";
    private static final String ROOT_KEY = "AKIAROOTROOTROOTROOT";
    private static final String ROOT_SECRET = "root-secret-for-tests";

    final IamService iam;
    final KinesisAnalyticsV2Client client;
    final IamClient iamClient;
    /** The root's clients of the Kinesis and KMS APIs. */
    final KinesisClient kinesisClient;

    final KmsClient kmsClient;
    /** The Kinesis and KMS calls the gateway handed its audit trail, as CloudTrail records them. */
    final List<ApiCall> calls = new CopyOnWriteArrayList<>();

    private static final Set<String> AUDITED = Set.of("kinesis", "kms");
    private final KmsService kms;
    private final KmsApiKeys streamKeys;
    private final KinesisService kinesis;
    private final AnalyticsService analytics;
    private final Gateway gateway;

    private SignedPlatform(Path savepoints, URI flinkRest, Duration recheck, Duration credentialsDuration, String name)
            throws Exception {
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
        props.put(IamConfig.TOPIC, TestStreams.uniqueStream("__millrace_iam_" + name));
        props.put(IamConfig.SECRET_KEY, "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");
        props.put(KmsConfig.TOPIC, TestStreams.uniqueStream("__millrace_kms_" + name));
        props.put(KmsConfig.ROOT_KEY, "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");
        KinesisConfig config = new KinesisConfig(withTestReadPath(props));
        iam = IamService.start(new IamConfig(props), config.kafkaClientProperties(), ACCOUNT);
        kms = KmsService.start(new KmsConfig(props), config.kafkaClientProperties(), "us-east-1", ACCOUNT);
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        StaticCredentialsProvider root =
                StaticCredentialsProvider.create(AwsBasicCredentials.create(ROOT_KEY, ROOT_SECRET));
        // Kinesis encrypts what PutRecord takes with the platform's own KMS calls, signed as the root.
        streamKeys = new KmsApiKeys(LocalClients.pointedAt(KmsClient.builder(), endpoint, Duration.ofSeconds(30))
                .credentialsProvider(root)
                .build());
        Configuration options = new Configuration();
        options.set(AnalyticsConfig.FLINK_REST_URL, flinkRest.toString());
        options.set(AnalyticsConfig.BOOTSTRAP_SERVERS, TestStreams.bootstrapServers());
        options.set(AnalyticsConfig.SAVEPOINT_DIR, savepoints.toUri().toString());
        options.set(AnalyticsConfig.METADATA_TOPIC, TestStreams.uniqueStream("__millrace_analytics_" + name));
        options.set(AnalyticsConfig.KINESIS_ENDPOINT, endpoint.toString());
        // The platform's KMS as the jobs reach it, without platform credentials: jobs decrypt as their role.
        options.set(AnalyticsConfig.KMS_ENDPOINT, endpoint.toString());
        options.set(AnalyticsConfig.READ_RECHECK_INTERVAL, recheck);
        options.set(AnalyticsConfig.JOB_CREDENTIALS_DURATION, credentialsDuration);
        analytics = AnalyticsService.start(
                options,
                config.kafkaClientProperties(),
                false,
                CompletableFuture.completedFuture(null),
                iam.serviceRoles(ResourcePolicies.NONE));
        kinesis = KinesisService.start(config, ResourcePolicyValidator.POLICY_LANGUAGE, streamKeys);
        gateway = Gateway.start(
                config,
                List.of(kinesis, analytics, iam, kms),
                iam.accessControl(
                        ResourcePolicies.firstOf(List.of(kinesis.resourcePolicies(), kms.resourcePolicies()))),
                call -> {
                    // Calls refused before they were authenticated name no service.
                    if (call.signingService() != null && AUDITED.contains(call.signingService())) {
                        calls.add(call);
                    }
                    return CompletableFuture.completedFuture(null);
                });
        client = LocalClients.pointedAt(KinesisAnalyticsV2Client.builder(), endpoint, Duration.ofSeconds(60))
                .credentialsProvider(root)
                .build();
        iamClient = LocalClients.pointedAt(IamClient.builder(), endpoint, Duration.ofSeconds(30))
                .credentialsProvider(root)
                .build();
        kinesisClient = LocalClients.pointedAt(KinesisClient.builder(), endpoint, Duration.ofSeconds(30))
                .credentialsProvider(root)
                .build();
        kmsClient = LocalClients.pointedAt(KmsClient.builder(), endpoint, Duration.ofSeconds(30))
                .credentialsProvider(root)
                .build();
    }

    /**
     * @param recheck how often jobs authorize their reads and writes again
     * @param credentialsDuration how long the role credentials jobs get last
     */
    static SignedPlatform start(
            URI flinkRest, Path savepoints, Duration recheck, Duration credentialsDuration, String name)
            throws Exception {
        return new SignedPlatform(savepoints, flinkRest, recheck, credentialsDuration, name);
    }

    @Override
    public void close() {
        client.close();
        iamClient.close();
        gateway.close();
        analytics.close();
        kinesisClient.close();
        kmsClient.close();
        kinesis.close();
        streamKeys.close();
        kms.close();
        iam.close();
    }

    /** A role the service may assume, whose one inline policy is {@code policy}. */
    String role(String policy) {
        String role = TestStreams.uniqueStream("job-role");
        iamClient.createRole(
                r -> r.roleName(role).assumeRolePolicyDocument(trusting(ExecutionRoles.KINESIS_ANALYTICS)));
        putPolicy(role, policy);
        return role;
    }

    /** Replaces the role's inline policy with {@code policy}, once this gateway's IAM view holds it. */
    void putPolicy(String role, String policy) {
        iamClient.putRolePolicy(r -> r.roleName(role).policyName("job").policyDocument(policy));
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> iam.store()
                        .roles()
                        .get(role)
                        .map(record -> policy.equals(record.getInlinePolicies().get("job")))
                        .orElse(false));
    }

    /** A SQL application copying {@code input} to {@code output}, without checkpoints, running as {@code role}. */
    void createCopyApplication(String name, String input, String output, String role) {
        client.createApplication(
                AnalyticsTestGateway.sqlApplication(name, AnalyticsTestGateway.copySql(""), input, output, false)
                        .toBuilder()
                        .serviceExecutionRole(ROLES + role)
                        .build());
    }

    /** The ErrorString of the application's first FlinkJobFailure operation, once it has one. */
    String awaitJobFailure(String name) {
        return Awaitility.await().atMost(Duration.ofSeconds(40)).until(() -> jobFailure(name), f -> f != null);
    }

    /** Starts StartStreamEncryption on {@code stream} under a new KMS key, once ACTIVE again; returns the key's ARN. */
    String encryptUnderNewKey(String stream) {
        String keyArn =
                kmsClient.createKey(b -> b.description(stream)).keyMetadata().arn();
        kinesisClient.startStreamEncryption(
                b -> b.streamName(stream).encryptionType(EncryptionType.KMS).keyId(keyArn));
        awaitActive(stream);
        return keyArn;
    }

    /** The ARN of the role session a job of the service runs as. */
    static String session(String role) {
        return "arn:aws:sts::" + ACCOUNT + ":assumed-role/" + role + "/kinesisanalytics";
    }

    /** The ErrorString of the application's first FlinkJobFailure operation, null while it has none. */
    String jobFailure(String name) {
        return client.listApplicationOperations(r -> r.applicationName(name)).applicationOperationInfoList().stream()
                .filter(info -> info.operation().equals("FlinkJobFailure"))
                .findFirst()
                .map(info -> operation(name, info.operationId())
                        .operationFailureDetails()
                        .errorInfo()
                        .errorString())
                .orElse(null);
    }

    ApplicationStatus status(String name) {
        return client.describeApplication(r -> r.applicationName(name))
                .applicationDetail()
                .applicationStatus();
    }

    ApplicationOperationInfoDetails operation(String name, String id) {
        return client.describeApplicationOperation(r -> r.applicationName(name).operationId(id))
                .applicationOperationInfoDetails();
    }

    /** Once {@code stream} is ACTIVE, as DescribeStreamSummary shows it. */
    void awaitActive(String stream) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> kinesisClient
                                .describeStreamSummary(b -> b.streamName(stream))
                                .streamDescriptionSummary()
                                .streamStatus()
                        == StreamStatus.ACTIVE);
    }

    /** {@code stream} created with one shard, holding {@code values}. */
    static String streamHolding(String stream, String... values) throws Exception {
        TestStreams.createStream(stream, 1);
        for (String value : values) {
            put(stream, value);
        }
        return stream;
    }

    static void put(String stream, String value) throws Exception {
        TestStreams.put(stream, List.of(new TestStreams.StreamRecord(0, "k", value, System.currentTimeMillis())));
    }

    static String streamArn(String stream) {
        return "arn:aws:kinesis:us-east-1:" + ACCOUNT + ":stream/" + stream;
    }

    /** A policy allowing {@code actions} on {@code resource}. */
    static String allowing(String resource, String... actions) {
        return policy(statement(resource, actions));
    }

    static String policy(String... statements) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
    }

    static String statement(String resource, String... actions) {
        return "{\"Effect\":\"Allow\",\"Action\":[\"" + String.join("\",\"", actions) + "\"],\"Resource\":\"" + resource
                + "\"}";
    }

    /** What a copy job's source and sink do, as Kinesis actions on its streams, and {@code more}. */
    static String copying(String input, String output, String... more) {
        List<String> statements =
                new ArrayList<>(List.of(reading(input), statement(streamArn(output), "kinesis:PutRecords")));
        statements.addAll(List.of(more));
        return policy(statements.toArray(String[]::new));
    }

    /** What a copy job's source does alone: its role may no longer write. */
    static String readingOnly(String input) {
        return policy(reading(input));
    }

    private static String reading(String input) {
        return statement(streamArn(input), "kinesis:DescribeStream", "kinesis:GetShardIterator", "kinesis:GetRecords");
    }

    static String trusting(String service) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\""
                + service + "\"},\"Action\":\"sts:AssumeRole\"}]}";
    }

    /**
     * {@code props} with {@code MILLRACE_TEST_READ_PATH=fetch} (or {@code consumer}) as the gateway's GetRecords read
     * path ({@link KinesisConfig#READ_PATH}), so a read-path test run reaches the encrypted streams' reads; unset,
     * the configuration's default.
     */
    static Map<String, Object> withTestReadPath(Map<String, ?> props) {
        Map<String, Object> all = new HashMap<>(props);
        TestReadPath.putIfAbsent(all, KinesisConfig.READ_PATH);
        return all;
    }
}

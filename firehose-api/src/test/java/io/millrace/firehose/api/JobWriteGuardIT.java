package io.millrace.firehose.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.millrace.analytics.access.RoleAccess;
import io.millrace.analytics.access.RoleAccessOptions;
import io.millrace.analytics.access.StreamAccessDeniedException;
import io.millrace.analytics.access.WriteGuard;
import io.millrace.analytics.metadata.DeliveryStreamMetadataReader;
import io.millrace.firehose.it.TestStack;
import io.millrace.gateway.Gateway;
import io.millrace.gateway.access.ResourcePolicies;
import io.millrace.gateway.config.GatewayConfig;
import io.millrace.iam.IamConfig;
import io.millrace.iam.IamService;
import io.millrace.kinesis.config.KinesisConfig;
import io.millrace.testkit.LocalClients;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.util.ExceptionUtils;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;

/**
 * The Flink connector's Firehose sink guard (flink-connector's {@code WriteGuard.ofDeliveryStream}) against a signed
 * gateway serving the Firehose API, as an application's job meets it: the guard's empty PutRecordBatch is allowed or
 * refused {@code firehose:PutRecordBatch} on the delivery stream's ARN by the caller's current policies, in AWS's
 * words, before the records are validated; and a guard that was allowed fails at its next re-check once the
 * permission is taken away. A Flink SQL job's {@code millrace-firehose} table sink given the caller's key as its role
 * ({@code millrace.access.*}) fails with that refusal, and once allowed writes into the delivery stream's topic. Here
 * in firehose-api, which serves that API (analytics-service, where the jobs run,
 * cannot depend on it: this module's tests depend on analytics-service). The caller is an IAM user's key: the
 * gateway evaluates a role session's policies the same way.
 */
class JobWriteGuardIT {

    private static final String ACCOUNT = "123456789012";
    private static final String ROOT_KEY = "AKIAROOTROOTROOTROOT";
    private static final String ROOT_SECRET = "root-secret-for-tests";
    private static final Duration RECHECK = Duration.ofMillis(200);

    private static IamService iam;
    private static FirehoseService firehose;
    private static Gateway gateway;
    private static IamClient iamClient;
    private static URI endpoint;
    private static String metadataTopic;

    @BeforeAll
    static void start() throws Exception {
        Map<String, Object> props =
                FirehoseTestGateway.signedGateway(ACCOUNT, ROOT_KEY, ROOT_SECRET, "job_write_guard");
        KinesisConfig config = new KinesisConfig(props);
        iam = IamService.start(new IamConfig(props), config.kafkaClientProperties(), ACCOUNT);
        firehose = FirehoseService.start(
                // A metadata topic of its own, as DeliveryRolesIT: a signed gateway's connector settings differ.
                FirehoseTestGateway.config(Map.of(
                        GatewayConfig.AUTH_MODE,
                        "signed",
                        FirehoseConfig.METADATA_TOPIC,
                        metadataTopic = TestStack.unique("__millrace_firehose_job_write_guard"))),
                config.kafkaClientProperties(),
                iam.serviceRoles(ResourcePolicies.NONE));
        gateway = Gateway.start(config, List.of(firehose, iam), iam.accessControl(ResourcePolicies.NONE));
        endpoint = URI.create("http://127.0.0.1:" + gateway.port());
        iamClient = LocalClients.pointedAt(IamClient.builder(), endpoint, Duration.ofSeconds(30))
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(ROOT_KEY, ROOT_SECRET)))
                .build();
    }

    @AfterAll
    static void stop() {
        iamClient.close();
        gateway.close();
        firehose.close();
        iam.close();
    }

    @Test
    void aGuardWritesOnlyWhileItsCallerMayPutRecordBatchIntoTheDeliveryStream() {
        String user = TestStack.unique("job-writer");
        iamClient.createUser(b -> b.userName(user));
        AccessKey key = iamClient.createAccessKey(b -> b.userName(user)).accessKey();
        RoleAccess access = new RoleAccess(
                endpoint.toString(), "us-east-1", key.accessKeyId(), key.secretAccessKey(), null, null, null, RECHECK);
        String stream = TestStack.unique("guarded");
        String arn = "arn:aws:firehose:us-east-1:" + ACCOUNT + ":deliverystream/" + stream;
        String refusal = "AccessDeniedException: User: arn:aws:iam::" + ACCOUNT + ":user/" + user
                + " is not authorized to perform: firehose:PutRecordBatch on resource: " + arn
                + " because no identity-based policy allows the firehose:PutRecordBatch action";

        // No policy yet; then one for another delivery stream only, and one for another action only.
        assertRefused(access, stream, refusal);
        putPolicy(user, allowing(arn + "-other", "firehose:PutRecordBatch"));
        assertRefused(access, stream, refusal);
        putPolicy(user, allowing(arn, "firehose:PutRecord"));
        assertRefused(access, stream, refusal);

        putPolicy(user, allowing(arn, "firehose:PutRecordBatch"));
        WriteGuard guard = WriteGuard.ofDeliveryStream(access, stream);
        // Allowed: the empty batch's ValidationException, nothing written (the delivery stream need not even exist).
        guard.open();
        guard.check();

        // Taken away: a check after the next re-check answers with AWS's refusal.
        iamClient.deleteUserPolicy(b -> b.userName(user).policyName("job"));
        StreamAccessDeniedException refused = Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> refusalOf(guard), r -> r != null);
        assertThat(refused).hasMessage(refusal);
        // And stays refused: the sink writes nothing more.
        assertThatThrownBy(guard::check).isSameAs(refused);
        guard.close();
    }

    @Test
    void aFlinkJobsFirehoseTableSinkWritesOnlyWhileItsCallerMayPutRecordBatch() throws Exception {
        String user = TestStack.unique("sql-writer");
        iamClient.createUser(b -> b.userName(user));
        AccessKey key = iamClient.createAccessKey(b -> b.userName(user)).accessKey();
        String stream = directPutStream();
        String arn = "arn:aws:firehose:us-east-1:" + ACCOUNT + ":deliverystream/" + stream;

        Throwable failed = catchThrowable(() -> insert(key, stream, "refused-1"));
        assertThat(ExceptionUtils.stringifyException(failed))
                .contains("AccessDeniedException: User: arn:aws:iam::" + ACCOUNT + ":user/" + user
                        + " is not authorized to perform: firehose:PutRecordBatch on resource: " + arn
                        + " because no identity-based policy allows the firehose:PutRecordBatch action");

        putPolicy(user, allowing(arn, "firehose:PutRecordBatch"));
        insert(key, stream, "allowed-1");
        String topic = new DeliveryStreamMetadataReader(TestStack.get().bootstrapServers(), Map.of(), metadataTopic)
                .read(stream)
                .orElseThrow()
                .getSourceTopic()
                .toString();
        assertThat(topicValues(topic)).containsExactly("allowed-1");
    }

    /** A DirectPut delivery stream, ACTIVE, delivering as a role that trusts Firehose (its bucket need not exist). */
    private static String directPutStream() {
        String role = TestStack.unique("delivery");
        iamClient.createRole(r -> r.roleName(role)
                .assumeRolePolicyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                        + "\"Principal\":{\"Service\":\"firehose.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"));
        String stream = TestStack.unique("sql-guarded");
        String bucket = TestStack.unique("sql-guarded");
        TestStack.get().createBucket(bucket);
        try (FirehoseClient firehoseClient = LocalClients.pointedAt(
                        FirehoseClient.builder(), endpoint, Duration.ofSeconds(60))
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(ROOT_KEY, ROOT_SECRET)))
                .build()) {
            firehoseClient.createDeliveryStream(Streams.directPut(stream, bucket)
                    .extendedS3DestinationConfiguration(d -> d.roleARN("arn:aws:iam::" + ACCOUNT + ":role/" + role)
                            .bucketARN("arn:aws:s3:::" + bucket))
                    .build());
            Streams.awaitActive(firehoseClient, stream);
        }
        return stream;
    }

    /** Runs {@code INSERT INTO} a millrace-firehose table as a job given {@code key} as its role's credentials. */
    private static void insert(AccessKey key, String stream, String value) throws Exception {
        Configuration configuration = new Configuration();
        configuration.set(RoleAccessOptions.ENDPOINT, endpoint.toString());
        configuration.set(RoleAccessOptions.ACCESS_KEY_ID, key.accessKeyId());
        configuration.set(RoleAccessOptions.SECRET_ACCESS_KEY, key.secretAccessKey());
        configuration.set(RoleAccessOptions.RECHECK_INTERVAL, RECHECK);
        TableEnvironment tables = TableEnvironment.create(EnvironmentSettings.newInstance()
                .inStreamingMode()
                .withConfiguration(configuration)
                .build());
        tables.executeSql("CREATE TABLE deliveries (data STRING) WITH ('connector' = 'millrace-firehose',"
                + " 'delivery-stream' = '" + stream + "', 'format' = 'raw', 'bootstrap.servers' = '"
                + TestStack.get().bootstrapServers() + "', 'metadata-topic' = '" + metadataTopic + "')");
        tables.executeSql("INSERT INTO deliveries VALUES ('" + value + "')").await(60, TimeUnit.SECONDS);
    }

    private static List<String> topicValues(String topic) {
        Map<String, Object> props =
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.get().bootstrapServers());
        int partitions;
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            partitions = consumer.partitionsFor(topic).size();
        }
        return RawTopic.read(topic, partitions).stream()
                .map(record -> new String(record.value(), StandardCharsets.UTF_8))
                .toList();
    }

    /** A new guard's open is refused with {@code refusal}, once the gateway's IAM view has the latest policy. */
    private static void assertRefused(RoleAccess access, String stream, String refusal) {
        WriteGuard guard = WriteGuard.ofDeliveryStream(access, stream);
        try {
            assertThatThrownBy(guard::open)
                    .isInstanceOf(StreamAccessDeniedException.class)
                    .hasMessage(refusal);
        } finally {
            guard.close();
        }
    }

    /** Puts the user's inline policy "job" and waits until the gateway's IAM view holds it. */
    private static void putPolicy(String user, String policy) {
        iamClient.putUserPolicy(b -> b.userName(user).policyName("job").policyDocument(policy));
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> iam.store()
                        .users()
                        .get(user)
                        .map(record -> policy.equals(record.getInlinePolicies().get("job")))
                        .orElse(false));
    }

    private static StreamAccessDeniedException refusalOf(WriteGuard guard) {
        try {
            guard.check();
            return null;
        } catch (StreamAccessDeniedException refused) {
            return refused;
        }
    }

    private static String allowing(String resource, String action) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"" + action
                + "\",\"Resource\":\"" + resource + "\"}]}";
    }
}

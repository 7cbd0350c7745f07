package io.millrace.firehose.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.millrace.firehose.it.TestStack;
import io.millrace.gateway.Gateway;
import io.millrace.gateway.config.GatewayConfig;
import io.millrace.iam.IamConfig;
import io.millrace.iam.IamService;
import io.millrace.kinesis.KinesisService;
import io.millrace.kinesis.config.KinesisConfig;
import io.millrace.testkit.LocalClients;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.CreateDeliveryStreamRequest;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamFailureType;
import software.amazon.awssdk.services.firehose.model.InvalidArgumentException;
import software.amazon.awssdk.services.firehose.model.Record;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Signed mode, as {@code millrace up --auth signed} assembles the gateway: the Firehose API checks the RoleARN a
 * delivery stream names against the IAM service on the same gateway, and delivers only while the role may write to
 * the bucket. Clients are the SDK's, signing with the account's root key.
 */
class DeliveryRolesIT {

    private static final String ACCOUNT = "123456789012";
    private static final String ROOT_KEY = "AKIAROOTROOTROOTROOT";
    private static final String ROOT_SECRET = "root-secret-for-tests";
    private static final String ROLES = "arn:aws:iam::" + ACCOUNT + ":role/";
    private static final String TRUSTS_FIREHOSE = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"firehose.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
    private static final String TRUSTS_ACCOUNT = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"AWS\":\"arn:aws:iam::" + ACCOUNT + ":root\"},\"Action\":\"sts:AssumeRole\"}]}";

    private static IamService iam;
    private static FirehoseService firehose;
    private static KinesisService kinesis;
    private static Gateway gateway;
    private static FirehoseClient client;
    private static IamClient iamClient;
    private static KinesisClient kinesisClient;

    @BeforeAll
    static void start() throws Exception {
        Map<String, Object> props = FirehoseTestGateway.signedGateway(ACCOUNT, ROOT_KEY, ROOT_SECRET, "delivery_roles");
        props.put(KinesisConfig.SHARD_LIMITS, "off");
        KinesisConfig config = new KinesisConfig(props);
        iam = IamService.start(new IamConfig(props), config.kafkaClientProperties(), ACCOUNT);
        firehose = FirehoseService.start(
                // Its delivery streams apart from the other tests' (a metadata topic of its own): a gateway keeps
                // every connector of its store on its own settings, and a signed gateway's differ from theirs, so on
                // one store the gateways would rewrite each other's connectors while this one pauses them.
                FirehoseTestGateway.config(Map.of(
                        FirehoseConfig.ROLE_CHECK_INTERVAL_MS,
                        "500",
                        GatewayConfig.AUTH_MODE,
                        "signed",
                        FirehoseConfig.METADATA_TOPIC,
                        TestStack.unique("__millrace_firehose_delivery_roles"))),
                config.kafkaClientProperties(),
                iam.serviceRoles(resourceArn -> kinesis.resourcePolicies().policyOf(resourceArn)));
        kinesis = KinesisService.start(config);
        gateway = Gateway.start(config, List.of(kinesis, firehose, iam), iam.accessControl(kinesis.resourcePolicies()));
        URI endpoint = URI.create("http://127.0.0.1:" + gateway.port());
        StaticCredentialsProvider root =
                StaticCredentialsProvider.create(AwsBasicCredentials.create(ROOT_KEY, ROOT_SECRET));
        client = LocalClients.pointedAt(FirehoseClient.builder(), endpoint, Duration.ofSeconds(60))
                .credentialsProvider(root)
                .build();
        iamClient = LocalClients.pointedAt(IamClient.builder(), endpoint, Duration.ofSeconds(30))
                .credentialsProvider(root)
                .build();
        kinesisClient = LocalClients.pointedAt(KinesisClient.builder(), endpoint, Duration.ofSeconds(30))
                .credentialsProvider(root)
                .build();
    }

    @AfterAll
    static void stop() {
        client.close();
        iamClient.close();
        kinesisClient.close();
        gateway.close();
        kinesis.close();
        firehose.close();
        iam.close();
    }

    @Test
    void aRoleThatDoesNotExistOrDoesNotTrustFirehoseIsRefused() {
        String bucket = TestStack.unique("roles-refused");
        TestStack.get().createBucket(bucket);
        String missing = ROLES + "no-such-role";
        assertThatThrownBy(() -> client.createDeliveryStream(Streams.directPut(TestStack.unique("missing-role"), bucket)
                        .extendedS3DestinationConfiguration(
                                d -> d.roleARN(missing).bucketARN("arn:aws:s3:::" + bucket))
                        .build()))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageStartingWith(
                        "Firehose is unable to assume role " + missing + ". Please check the role provided.");

        String untrusting = TestStack.unique("users-only");
        iamClient.createRole(r -> r.roleName(untrusting).assumeRolePolicyDocument(TRUSTS_ACCOUNT));
        String name = TestStack.unique("untrusted-role");
        assertThatThrownBy(() -> client.createDeliveryStream(Streams.directPut(name, bucket)
                        .extendedS3DestinationConfiguration(
                                d -> d.roleARN(ROLES + untrusting).bucketARN("arn:aws:s3:::" + bucket))
                        .build()))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageStartingWith("Firehose is unable to assume role " + ROLES + untrusting + ".");
        assertThat(client.listDeliveryStreams(r -> r.limit(100)).deliveryStreamNames())
                .doesNotContain(name);
    }

    @Test
    void deliveryWaitsUntilTheRoleMayWriteToTheBucketAndThenDeliversEveryRecordOnce() {
        TestStack stack = TestStack.get();
        String bucket = TestStack.unique("roles-held");
        stack.createBucket(bucket);
        String role = TestStack.unique("delivery");
        iamClient.createRole(r -> r.roleName(role).assumeRolePolicyDocument(TRUSTS_FIREHOSE));
        String name = TestStack.unique("held");
        client.createDeliveryStream(deliveringAs(name, bucket, role).build());
        Streams.awaitActive(client, name);

        // The role may not write: the stream stays ACTIVE, says why, and holds its records.
        awaitFailure(name, true);
        var failure = Streams.describe(client, name).failureDescription();
        assertThat(failure.type()).isEqualTo(DeliveryStreamFailureType.UNKNOWN_ERROR);
        assertThat(failure.details()).isEqualTo(DeliveryRoleCheck.S3_ACCESS_DENIED);
        List<Record> records = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            records.add(Record.builder()
                    .data(SdkBytes.fromUtf8String("held-" + i + ";"))
                    .build());
        }
        client.putRecordBatch(r -> r.deliveryStreamName(name).records(records));
        // Several buffering intervals: a running connector would have written them by now.
        sleep(Duration.ofSeconds(6));
        assertThat(stack.keys(bucket, "")).isEmpty();

        allow(role, "s3-write", "\"s3:PutObject\"", "arn:aws:s3:::" + bucket + "/*");

        awaitFailure(name, false);
        awaitDeliveredOnce(bucket, 20);

        // A destination update naming a role Firehose cannot assume is refused, and the stream keeps its role.
        String untrusting = TestStack.unique("not-for-firehose");
        iamClient.createRole(r -> r.roleName(untrusting).assumeRolePolicyDocument(TRUSTS_ACCOUNT));
        String version = Streams.describe(client, name).versionId();
        assertThatThrownBy(() -> client.updateDestination(r -> r.deliveryStreamName(name)
                        .currentDeliveryStreamVersionId(version)
                        .destinationId(DeliveryStreamShapes.DESTINATION_ID)
                        .extendedS3DestinationUpdate(d -> d.roleARN(ROLES + untrusting))))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageStartingWith("Firehose is unable to assume role " + ROLES + untrusting + ".");
        assertThat(Streams.describe(client, name)
                        .destinations()
                        .get(0)
                        .extendedS3DestinationDescription()
                        .roleARN())
                .isEqualTo(ROLES + role);
    }

    @Test
    void aKinesisSourceIsReadOnlyWhileTheRoleMayReadTheStream() {
        TestStack stack = TestStack.get();
        String bucket = TestStack.unique("roles-source");
        stack.createBucket(bucket);
        String source = TestStack.unique("roles-source-stream");
        kinesisClient.createStream(r -> r.streamName(source).shardCount(1));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> kinesisClient
                                .describeStreamSummary(r -> r.streamName(source))
                                .streamDescriptionSummary()
                                .streamStatus()
                        == StreamStatus.ACTIVE);
        String sourceArn = kinesisClient
                .describeStreamSummary(r -> r.streamName(source))
                .streamDescriptionSummary()
                .streamARN();
        String role = TestStack.unique("source-delivery");
        iamClient.createRole(r -> r.roleName(role).assumeRolePolicyDocument(TRUSTS_FIREHOSE));
        allow(role, "s3-write", "\"s3:PutObject\"", "arn:aws:s3:::" + bucket + "/*");
        String name = TestStack.unique("source-held");
        client.createDeliveryStream(deliveringAs(name, bucket, role)
                .deliveryStreamType("KinesisStreamAsSource")
                .kinesisStreamSourceConfiguration(
                        k -> k.kinesisStreamARN(sourceArn).roleARN(ROLES + role))
                .build());
        Streams.awaitActive(client, name);

        awaitFailure(name, true);
        assertThat(Streams.describe(client, name).failureDescription().details())
                .isEqualTo(DeliveryRoleCheck.KINESIS_ACCESS_DENIED);
        for (int i = 0; i < 5; i++) {
            String data = "held-" + i + ";";
            kinesisClient.putRecord(r -> r.streamName(source).partitionKey("k").data(SdkBytes.fromUtf8String(data)));
        }
        sleep(Duration.ofSeconds(4));
        assertThat(stack.keys(bucket, "")).isEmpty();

        allow(
                role,
                "stream-read",
                "[\"kinesis:DescribeStream\",\"kinesis:GetShardIterator\",\"kinesis:GetRecords\"]",
                sourceArn);
        awaitFailure(name, false);
        awaitDeliveredOnce(bucket, 5);
    }

    /** A delivery stream to {@code bucket} as {@code role}, flushing every second. */
    private static CreateDeliveryStreamRequest.Builder deliveringAs(String name, String bucket, String role) {
        return Streams.directPut(name, bucket)
                .extendedS3DestinationConfiguration(d -> d.roleARN(ROLES + role)
                        .bucketARN("arn:aws:s3:::" + bucket)
                        .bufferingHints(h -> h.sizeInMBs(1).intervalInSeconds(1)));
    }

    /** An inline policy of the role allowing {@code actions} (a JSON string or array) on {@code resource}. */
    private static void allow(String role, String policyName, String actions, String resource) {
        iamClient.putRolePolicy(r -> r.roleName(role)
                .policyName(policyName)
                .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":" + actions
                        + ",\"Resource\":\"" + resource + "\"}]}"));
    }

    /** Until DescribeDeliveryStream shows a FailureDescription ({@code failing}) or none. */
    private static void awaitFailure(String name, boolean failing) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> (Streams.describe(client, name).failureDescription() != null) == failing);
    }

    /** Until the bucket holds records {@code held-0;} to {@code held-(count-1);}, each exactly once. */
    private static void awaitDeliveredOnce(String bucket, int count) {
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(counts(delivered(bucket))).hasSize(count));
        assertThat(counts(delivered(bucket)))
                .allSatisfy((record, times) -> assertThat(times).as(record).isEqualTo(1));
    }

    private static String delivered(String bucket) {
        TestStack stack = TestStack.get();
        return new String(
                TestStack.concat(stack.keys(bucket, "").stream()
                        .filter(key -> !key.startsWith("_millrace"))
                        .map(key -> stack.get(bucket, key))
                        .toList()),
                StandardCharsets.UTF_8);
    }

    private static Map<String, Integer> counts(String delivered) {
        Map<String, Integer> counts = new HashMap<>();
        Matcher matcher = Pattern.compile("held-\\d+;").matcher(delivered);
        while (matcher.find()) {
            counts.merge(matcher.group(), 1, Integer::sum);
        }
        return counts;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

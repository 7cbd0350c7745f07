package io.millrace.firehose.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.analytics.access.RoleAccess;
import io.millrace.analytics.access.StreamAccessDeniedException;
import io.millrace.analytics.access.WriteGuard;
import io.millrace.firehose.it.TestStack;
import io.millrace.gateway.Gateway;
import io.millrace.gateway.access.ResourcePolicies;
import io.millrace.gateway.config.GatewayConfig;
import io.millrace.iam.IamConfig;
import io.millrace.iam.IamService;
import io.millrace.kinesis.config.KinesisConfig;
import io.millrace.testkit.LocalClients;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;

/**
 * The Flink connector's Firehose sink guard (flink-connector's {@code WriteGuard.ofDeliveryStream}) against a signed
 * gateway serving the Firehose API, as an application's job meets it: the guard's empty PutRecordBatch is allowed or
 * refused {@code firehose:PutRecordBatch} on the delivery stream's ARN by the caller's current policies, in AWS's
 * words, before the records are validated; and a guard that was allowed fails at its next re-check once the
 * permission is taken away. Here in firehose-api, which serves that API (analytics-service, where the jobs run,
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
                        TestStack.unique("__millrace_firehose_job_write_guard"))),
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

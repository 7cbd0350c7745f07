package io.millrace.iam.signed;

import static io.millrace.iam.signed.TwoUsersSessionIT.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.gateway.Gateway;
import io.millrace.gateway.access.AccessControl;
import io.millrace.gateway.access.Authorizer;
import io.millrace.gateway.access.KeyDirectory;
import io.millrace.gateway.config.GatewayConfig;
import io.millrace.iam.IamConfig;
import io.millrace.iam.IamService;
import io.millrace.kinesis.KinesisService;
import io.millrace.kinesis.config.KinesisConfig;
import io.millrace.testkit.Closeables;
import io.millrace.testkit.EmbeddedKafka;
import io.millrace.testkit.LocalClients;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.AccessDeniedException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * A stream of one account used by principals of another, as AWS's policy evaluation logic decides it across accounts
 * (IAM User Guide, "Cross-account policy evaluation logic"): the request must be allowed both by the caller's
 * identity policy in its own account and by the stream's resource policy. A resource policy naming the other
 * account's user lets that user in; naming the account's root delegates to the account, whose identity policies then
 * decide for each of its principals. Through the real SDK, on a signed gateway that knows both accounts' keys.
 */
class CrossAccountIT {

    private static final String OWNER = "123456789012";
    private static final String PARTNER = "210987654321";
    private static final AwsCredentials ROOT = AwsBasicCredentials.create("AKIACROSSACCOUNTROOT", "cross-account-root");
    private static final AwsCredentials PARTNER_USER =
            AwsBasicCredentials.create("AKIAPARTNERUSER00001", "partner-user-secret-00000000000000000000");
    private static final AwsCredentials PARTNER_OTHER =
            AwsBasicCredentials.create("AKIAPARTNERUSER00002", "partner-other-secret-0000000000000000000");
    private static final AwsCredentials PARTNER_NO_POLICY =
            AwsBasicCredentials.create("AKIAPARTNERUSER00003", "partner-none-secret-00000000000000000000");

    private static IamService ownerIam;
    private static IamService partnerIam;
    private static KinesisService kinesis;
    private static Gateway gateway;

    @BeforeAll
    static void start() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> props = new HashMap<>();
        props.put(GatewayConfig.BOOTSTRAP_SERVERS, EmbeddedKafka.shared().bootstrapServers());
        props.put(GatewayConfig.PORT, "0");
        props.put(GatewayConfig.ACCOUNT_ID, OWNER);
        props.put(GatewayConfig.AUTH_MODE, "signed");
        props.put(GatewayConfig.CREDENTIALS, ROOT.accessKeyId() + ":" + ROOT.secretAccessKey());
        props.put(KinesisConfig.SHARD_LIMITS, "off");
        props.put(IamConfig.SECRET_KEY, "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");
        KinesisConfig config = new KinesisConfig(props);

        Map<String, Object> ownerProps = new HashMap<>(props);
        ownerProps.put(IamConfig.TOPIC, "__millrace_iam_owner_" + suffix);
        ownerIam = IamService.start(new IamConfig(ownerProps), config.kafkaClientProperties(), OWNER);

        // The partner account's users, seeded from a credentials file as `millrace up --credentials` does.
        Path file = Files.createTempFile("partner-account", ".json");
        Files.writeString(file, partnerAccount());
        Map<String, Object> partnerProps = new HashMap<>(props);
        partnerProps.put(IamConfig.TOPIC, "__millrace_iam_partner_" + suffix);
        partnerProps.put(IamConfig.CREDENTIALS_FILE, file.toString());
        partnerIam = IamService.start(new IamConfig(partnerProps), config.kafkaClientProperties(), PARTNER);

        kinesis = KinesisService.start(config);
        AccessControl owner = ownerIam.accessControl(kinesis.resourcePolicies());
        AccessControl partner = partnerIam.accessControl(kinesis.resourcePolicies());
        // Each caller is judged by its own account's identity policies; the stream's policy is the same for both.
        Authorizer byAccount = (principal, context, request) -> (PARTNER.equals(principal.accountId())
                        ? partner.authorizer()
                        : owner.authorizer())
                .authorize(principal, context, request);
        gateway = Gateway.start(
                config,
                List.of(kinesis, ownerIam),
                new AccessControl(KeyDirectory.firstOf(List.of(owner.keys(), partner.keys())), byAccount));
    }

    /** Two users whose identity policies allow writing and reading any stream, and one with no policy. */
    private static String partnerAccount() {
        String writeAndRead = policy("{\"Effect\":\"Allow\",\"Action\":[\"kinesis:PutRecord\","
                + "\"kinesis:GetShardIterator\",\"kinesis:GetRecords\"],\"Resource\":\"*\"}");
        return """
                {"users": [
                  {"name": "partner", "accessKeys": [{"accessKeyId": "%s", "secretAccessKey": "%s"}],
                   "policies": {"write-and-read": %s}},
                  {"name": "other", "accessKeys": [{"accessKeyId": "%s", "secretAccessKey": "%s"}],
                   "policies": {"write-and-read": %s}},
                  {"name": "nobody", "accessKeys": [{"accessKeyId": "%s", "secretAccessKey": "%s"}]}
                ]}
                """.formatted(
                        PARTNER_USER.accessKeyId(),
                        PARTNER_USER.secretAccessKey(),
                        writeAndRead,
                        PARTNER_OTHER.accessKeyId(),
                        PARTNER_OTHER.secretAccessKey(),
                        writeAndRead,
                        PARTNER_NO_POLICY.accessKeyId(),
                        PARTNER_NO_POLICY.secretAccessKey());
    }

    @AfterAll
    static void stop() {
        Closeables.closeAll(gateway, kinesis, partnerIam, ownerIam);
    }

    private static KinesisClient kinesis(AwsCredentials credentials) {
        return LocalClients.pointedAt(
                        KinesisClient.builder(),
                        URI.create("http://127.0.0.1:" + gateway.port()),
                        Duration.ofSeconds(30))
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .build();
    }

    @Test
    void aResourcePolicyNamingAnotherAccountsUserLetsThatUserAlone() {
        try (KinesisClient root = kinesis(ROOT);
                KinesisClient partner = kinesis(PARTNER_USER);
                KinesisClient other = kinesis(PARTNER_OTHER)) {
            String arn = ownersStream(root, "shared");

            // Its own identity policy allows it, but the stream's account has said nothing yet.
            assertThatThrownBy(() -> put(partner, arn, "before"))
                    .isInstanceOfSatisfying(
                            AccessDeniedException.class,
                            e -> assertThat(e.awsErrorDetails().errorMessage())
                                    .startsWith("User: arn:aws:iam::" + PARTNER
                                            + ":user/partner is not authorized to perform:"
                                            + " kinesis:PutRecord on resource: " + arn));

            root.putResourcePolicy(b ->
                    b.resourceARN(arn).policy(policy(grant("\"arn:aws:iam::" + PARTNER + ":user/partner\"", arn))));

            put(partner, arn, "from the partner");
            String iterator = partner.getShardIterator(b -> b.streamARN(arn)
                            .shardId("shardId-000000000000")
                            .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                    .shardIterator();
            assertThat(partner.getRecords(b -> b.streamARN(arn).shardIterator(iterator))
                            .records())
                    .extracting(record -> record.data().asUtf8String())
                    .containsExactly("from the partner");
            // Another user of the same account, with the same identity policy, is not named.
            assertThatThrownBy(() -> put(other, arn, "not named")).isInstanceOf(AccessDeniedException.class);
        }
    }

    @Test
    void namingAnAccountsRootDelegatesToThatAccountsOwnPolicies() {
        try (KinesisClient root = kinesis(ROOT);
                KinesisClient other = kinesis(PARTNER_OTHER);
                KinesisClient nobody = kinesis(PARTNER_NO_POLICY)) {
            String arn = ownersStream(root, "delegated");
            root.putResourcePolicy(
                    b -> b.resourceARN(arn).policy(policy(grant("\"arn:aws:iam::" + PARTNER + ":root\"", arn))));

            put(other, arn, "the account's user, allowed by its own policy");
            // The account was trusted, but this user's own policies allow nothing: the account did not delegate.
            assertThatThrownBy(() -> put(nobody, arn, "no identity policy"))
                    .isInstanceOfSatisfying(
                            AccessDeniedException.class,
                            e -> assertThat(e.awsErrorDetails().errorMessage())
                                    .startsWith("User: arn:aws:iam::" + PARTNER
                                            + ":user/nobody is not authorized to perform:"
                                            + " kinesis:PutRecord on resource: " + arn));
        }
    }

    /** A new one-shard stream of the owner account, ACTIVE; its ARN. */
    private static String ownersStream(KinesisClient root, String prefix) {
        String stream = prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
        root.createStream(b -> b.streamName(stream).shardCount(1));
        root.waiter().waitUntilStreamExists(b -> b.streamName(stream));
        return "arn:aws:kinesis:us-east-1:" + OWNER + ":stream/" + stream;
    }

    private static String grant(String principal, String arn) {
        return "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":" + principal + "},\"Action\":[\"kinesis:PutRecord\","
                + "\"kinesis:GetShardIterator\",\"kinesis:GetRecords\"],\"Resource\":\"" + arn + "\"}";
    }

    private static void put(KinesisClient client, String arn, String data) {
        client.putRecord(b -> b.streamARN(arn).partitionKey("k").data(SdkBytes.fromUtf8String(data)));
    }
}

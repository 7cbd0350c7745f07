package io.millrace.kinesis.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.millrace.gateway.Gateway;
import io.millrace.gateway.access.AccessControl;
import io.millrace.gateway.access.AccessRequest;
import io.millrace.gateway.access.Decision;
import io.millrace.gateway.access.Principal;
import io.millrace.gateway.access.ResourcePolicies;
import io.millrace.gateway.access.SigningCredential;
import io.millrace.gateway.config.GatewayConfig;
import io.millrace.kinesis.KinesisService;
import io.millrace.kinesis.config.KinesisConfig;
import io.millrace.testkit.EmbeddedKafka;
import io.millrace.testkit.LocalClients;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Signed mode end to end, with the AWS SDK: the gateway asks its authorizer for exactly the resources KinesisAccess
 * names, and a stream's resource policy (from PutResourcePolicy) reaches the authorizer through
 * {@link KinesisService#resourcePolicies()}. The authorizer here stands in for the IAM policy engine: it allows a
 * user what a set of stream ARNs or the resource's policy naming the user allows.
 */
class SignedAccessIT {

    private static final String ACCOUNT = "000000000000";
    private static final Principal USER = new Principal(
            "arn:aws:iam::" + ACCOUNT + ":user/alice",
            "arn:aws:iam::" + ACCOUNT + ":user/alice",
            ACCOUNT,
            "AIDAALICE",
            "alice",
            Principal.Type.USER);

    private final AtomicReference<ResourcePolicies> policies = new AtomicReference<>(ResourcePolicies.NONE);
    private final Set<String> allowedStreams = ConcurrentHashMap.newKeySet();
    private KinesisService kinesis;
    private Gateway gateway;

    @BeforeEach
    void start() throws Exception {
        KinesisConfig config = new KinesisConfig(Map.of(
                KinesisConfig.BOOTSTRAP_SERVERS, EmbeddedKafka.shared().bootstrapServers(),
                GatewayConfig.PORT, "0",
                GatewayConfig.AUTH_MODE, "signed",
                GatewayConfig.CREDENTIALS, "ROOTKEY:rootsecret",
                KinesisConfig.SHARD_LIMITS, "off"));
        kinesis = KinesisService.start(config);
        policies.set(kinesis.resourcePolicies());
        AccessControl access = new AccessControl(
                (key, token) -> key.equals("ALICEKEY")
                        ? Optional.of(SigningCredential.longTerm(key, "alicesecret", USER))
                        : Optional.empty(),
                (principal, context, request) -> allows(principal, request)
                        ? Decision.ALLOW
                        : Decision.deny("because no identity-based policy allows the " + request.action() + " action"));
        gateway = Gateway.start(config, List.of(kinesis), access);
    }

    private boolean allows(Principal principal, AccessRequest request) {
        return allowedStreams.contains(request.resource())
                || policies.get()
                        .policyOf(request.resource())
                        .filter(p -> p.contains(principal.arn()))
                        .isPresent();
    }

    @AfterEach
    void stop() {
        gateway.close();
        kinesis.close();
    }

    private KinesisClient client(String key, String secret) {
        return LocalClients.pointedAt(
                        KinesisClient.builder(),
                        URI.create("http://127.0.0.1:" + gateway.port()),
                        Duration.ofSeconds(30))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)))
                .build();
    }

    private static String create(KinesisClient root) {
        String name = "signed-" + UUID.randomUUID().toString().substring(0, 8);
        root.createStream(b -> b.streamName(name).shardCount(1));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> root.describeStreamSummary(b -> b.streamName(name))
                        .streamDescriptionSummary()
                        .streamStatusAsString()
                        .equals("ACTIVE"));
        return root.describeStreamSummary(b -> b.streamName(name))
                .streamDescriptionSummary()
                .streamARN();
    }

    @Test
    void aUserMayDoWhatItsStreamsOrTheirPoliciesAllowAndNothingElse() {
        KinesisClient root = client("ROOTKEY", "rootsecret");
        KinesisClient alice = client("ALICEKEY", "alicesecret");
        String mine = create(root);
        String theirs = create(root);
        String mineName = mine.substring(mine.indexOf("stream/") + "stream/".length());
        String theirsName = theirs.substring(theirs.indexOf("stream/") + "stream/".length());
        allowedStreams.add(mine);

        alice.putRecord(b -> b.streamName(mineName).partitionKey("k").data(SdkBytes.fromUtf8String("v")));
        String iterator = alice.getShardIterator(b -> b.streamARN(mine)
                        .shardId("shardId-000000000000")
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        // GetRecords names its stream by its iterator only: it is authorized on the stream all the same.
        assertThat(alice.getRecords(b -> b.shardIterator(iterator)).records()).hasSize(1);

        assertThatThrownBy(() -> alice.putRecord(
                        b -> b.streamName(theirsName).partitionKey("k").data(SdkBytes.fromUtf8String("v"))))
                .isInstanceOfSatisfying(KinesisException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
                    assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("User: " + USER.arn() + " is not authorized to perform: kinesis:PutRecord"
                                    + " on resource: " + theirs
                                    + " because no identity-based policy allows the kinesis:PutRecord action");
                });
        assertThatThrownBy(() -> alice.listStreams()).isInstanceOf(KinesisException.class);

        // The owner shares the stream with a resource policy: the authorizer sees it at once.
        root.putResourcePolicy(b -> b.resourceARN(theirs)
                .policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
                        + USER.arn() + "\"},\"Action\":\"kinesis:PutRecord\",\"Resource\":\"" + theirs + "\"}]}"));
        alice.putRecord(b -> b.streamName(theirsName).partitionKey("k").data(SdkBytes.fromUtf8String("v")));
        root.deleteResourcePolicy(b -> b.resourceARN(theirs));
        assertThatThrownBy(() -> alice.putRecord(
                        b -> b.streamName(theirsName).partitionKey("k").data(SdkBytes.fromUtf8String("v"))))
                .isInstanceOf(KinesisException.class);

        root.deleteStream(b -> b.streamName(mineName));
        root.deleteStream(b -> b.streamName(theirsName));
    }
}

package io.millrace.iam.signed;

import static io.millrace.iam.signed.TwoUsersSessionIT.policy;
import static io.millrace.iam.signed.TwoUsersSessionIT.statement;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.AccessDeniedException;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Policy-evaluation cases after AWS's documented examples, each decided through the real SDK: a user of its own gets
 * the case's identity policy (and the stream the case's resource policy), then calls Kinesis. The policy language's
 * own table (module iam-policy) covers every operator; these show the gateway feeds it what AWS would: the action
 * and stream ARN of the call, the caller, the source address, the time, the transport.
 */
class PolicyCasesIT {

    private static final Duration PROPAGATION = Duration.ofSeconds(10);
    private static final AwsCredentials ROOT = AwsBasicCredentials.create(SignedNode.ROOT_KEY, SignedNode.ROOT_SECRET);
    private static final String STREAM = "cases-" + UUID.randomUUID().toString().substring(0, 6);
    private static final String STREAM_ARN = "arn:aws:kinesis:us-east-1:" + SignedNode.ACCOUNT + ":stream/" + STREAM;
    private static final String DESCRIBE = "\"kinesis:DescribeStreamSummary\"";

    private static SignedNode node;

    enum Call {
        DESCRIBE(kinesis -> kinesis.describeStreamSummary(b -> b.streamName(STREAM)), "kinesis:DescribeStreamSummary"),
        PUT(
                kinesis -> kinesis.putRecord(
                        b -> b.streamName(STREAM).partitionKey("k").data(SdkBytes.fromUtf8String("v"))),
                "kinesis:PutRecord");

        final Consumer<KinesisClient> call;
        final String action;

        Call(Consumer<KinesisClient> call, String action) {
            this.call = call;
            this.action = action;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        node = SignedNode.shared();
        try (KinesisClient root = node.kinesis(ROOT)) {
            root.createStream(b -> b.streamName(STREAM).shardCount(1));
            await().atMost(PROPAGATION)
                    .until(() -> root.describeStreamSummary(b -> b.streamName(STREAM))
                                    .streamDescriptionSummary()
                                    .streamStatus()
                            == StreamStatus.ACTIVE);
        }
    }

    static Stream<Arguments> cases() {
        String any = "\"*\"";
        String stream = "\"" + STREAM_ARN + "\"";
        String because = "because no identity-based policy allows the ";
        String explicit = "with an explicit deny in an identity-based policy";
        return Stream.of(
                // "Grants access to a specific stream" (Kinesis Developer Guide, example policies): wildcard actions.
                Arguments.of(
                        "wildcard action on the stream",
                        policy(statement("Allow", "\"kinesis:Describe*\"", stream)),
                        Call.DESCRIBE,
                        null),
                Arguments.of(
                        "wildcard action does not cover writes",
                        policy(statement("Allow", "\"kinesis:Describe*\"", stream)),
                        Call.PUT,
                        because + "kinesis:PutRecord action"),
                // "Policy evaluation logic": an explicit deny overrides any allow.
                Arguments.of(
                        "deny overrides allow",
                        policy(
                                statement("Allow", "\"kinesis:*\"", any),
                                statement("Deny", "\"kinesis:PutRecord\"", stream)),
                        Call.PUT,
                        explicit),
                // IAM JSON policy elements: NotAction with Allow allows everything but the listed actions.
                Arguments.of(
                        "NotAction allows the rest",
                        policy("{\"Effect\":\"Allow\",\"NotAction\":" + "\"kinesis:PutRecord\",\"Resource\":\"*\"}"),
                        Call.DESCRIBE,
                        null),
                Arguments.of(
                        "NotAction leaves its own out",
                        policy("{\"Effect\":\"Allow\",\"NotAction\":" + "\"kinesis:PutRecord\",\"Resource\":\"*\"}"),
                        Call.PUT,
                        because + "kinesis:PutRecord action"),
                // NotResource: every resource but the one named.
                Arguments.of(
                        "NotResource excludes",
                        policy("{\"Effect\":\"Allow\",\"Action\":" + DESCRIBE + ",\"NotResource\":" + stream + "}"),
                        Call.DESCRIBE,
                        because + "kinesis:DescribeStreamSummary action"),
                // "AWS: Denies access to AWS based on the source IP": the caller here is 127.0.0.1.
                Arguments.of(
                        "source IP inside the range",
                        policy(conditioned("IpAddress", "aws:SourceIp", "127.0.0.0/8")),
                        Call.DESCRIBE,
                        null),
                Arguments.of(
                        "source IP outside the range",
                        policy(conditioned("IpAddress", "aws:SourceIp", "10.0.0.0/8")),
                        Call.DESCRIBE,
                        because + "kinesis:DescribeStreamSummary action"),
                // "AWS: Allows access based on date and time": a window that has not begun.
                Arguments.of(
                        "time window not begun",
                        policy(conditioned("DateGreaterThan", "aws:CurrentTime", "2999-01-01T00:00:00Z")),
                        Call.DESCRIBE,
                        because + "kinesis:DescribeStreamSummary action"),
                // "Deny requests that are not sent over TLS" (aws:SecureTransport): this call is plain HTTP.
                Arguments.of(
                        "plain HTTP denied by SecureTransport",
                        policy(
                                statement("Allow", any, any),
                                "{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"Bool\":"
                                        + "{\"aws:SecureTransport\":\"false\"}}}"),
                        Call.DESCRIBE,
                        explicit),
                // Policy variables: ${aws:username} in a resource.
                Arguments.of(
                        "policy variable names someone else's stream",
                        policy(statement("Allow", DESCRIBE, "\"arn:aws:kinesis:*:*:stream/${aws:username}\"")),
                        Call.DESCRIBE,
                        because + "kinesis:DescribeStreamSummary action"),
                // No policy at all: implicit deny.
                Arguments.of("no policy", null, Call.DESCRIBE, because + "kinesis:DescribeStreamSummary action"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decidedAsAwsDocuments(String name, String identityPolicy, Call call, String denialReason) {
        KinesisClient kinesis = userWith(identityPolicy);
        try (kinesis) {
            if (denialReason == null) {
                call.call.accept(kinesis);
            } else {
                assertThatThrownBy(() -> call.call.accept(kinesis))
                        .isInstanceOfSatisfying(
                                AccessDeniedException.class,
                                e -> assertThat(e.awsErrorDetails().errorMessage())
                                        .endsWith(call.action + " on resource: " + STREAM_ARN + " " + denialReason));
            }
        }
    }

    /** A fresh user with {@code identityPolicy} (none when null), once its key works on the gateway. */
    private static KinesisClient userWith(String identityPolicy) {
        String user = "case-" + UUID.randomUUID().toString().substring(0, 8);
        AccessKey key;
        try (IamClient root = node.iam(ROOT)) {
            root.createUser(b -> b.userName(user));
            if (identityPolicy != null) {
                root.putUserPolicy(b -> b.userName(user).policyName("case").policyDocument(identityPolicy));
            }
            key = root.createAccessKey(b -> b.userName(user)).accessKey();
        }
        AwsCredentials credentials = AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey());
        try (StsClient sts = node.sts(credentials)) {
            await().atMost(PROPAGATION)
                    .ignoreExceptions()
                    .until(() -> sts.getCallerIdentity().arn().endsWith(":user/" + user));
        }
        return node.kinesis(credentials);
    }

    private static String conditioned(String operator, String key, String value) {
        return "{\"Effect\":\"Allow\",\"Action\":" + DESCRIBE + ",\"Resource\":\"*\",\"Condition\":{\"" + operator
                + "\":{\"" + key + "\":\"" + value + "\"}}}";
    }
}

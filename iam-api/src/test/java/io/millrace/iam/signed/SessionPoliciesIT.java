package io.millrace.iam.signed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.AccessDeniedException;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.sts.model.PackedPolicyTooLargeException;
import software.amazon.awssdk.services.sts.model.PolicyDescriptorType;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * AssumeRole's session policies through the SDK's StsClient: the session may do what both its role's policies and
 * its session policies allow (IAM User Guide, "Session policies"), inline ({@code Policy}) or managed
 * ({@code PolicyArns}), with AssumeRole's PackedPolicySize and its limits.
 */
class SessionPoliciesIT {

    private static final Duration PROPAGATION = Duration.ofSeconds(10);
    private static final AwsCredentials ROOT = AwsBasicCredentials.create(SignedNode.ROOT_KEY, SignedNode.ROOT_SECRET);
    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    private static final String STREAM = "session-" + SUFFIX;
    private static final String STREAM_ARN = "arn:aws:kinesis:us-east-1:" + SignedNode.ACCOUNT + ":stream/" + STREAM;
    private static final String ROLE_ARN = "arn:aws:iam::" + SignedNode.ACCOUNT + ":role/streams-" + SUFFIX;
    private static final String PUT_ONLY_ARN = "arn:aws:iam::" + SignedNode.ACCOUNT + ":policy/put-only-" + SUFFIX;
    private static final String DESCRIBE_ONLY =
            policy("{\"Effect\":\"Allow\",\"Action\":\"kinesis:DescribeStreamSummary\",\"Resource\":\"*\"}");

    private static SignedNode node;

    @BeforeAll
    static void start() throws Exception {
        node = SignedNode.shared();
        try (IamClient iam = node.iam(ROOT);
                KinesisClient kinesis = node.kinesis(ROOT)) {
            iam.createRole(b -> b.roleName("streams-" + SUFFIX)
                    .assumeRolePolicyDocument(policy("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::"
                            + SignedNode.ACCOUNT + ":root\"},\"Action\":\"sts:AssumeRole\"}")));
            iam.putRolePolicy(b -> b.roleName("streams-" + SUFFIX)
                    .policyName("all-kinesis")
                    .policyDocument(policy("{\"Effect\":\"Allow\",\"Action\":\"kinesis:*\",\"Resource\":\"*\"}")));
            iam.createPolicy(b -> b.policyName("put-only-" + SUFFIX)
                    .policyDocument(policy("{\"Effect\":\"Allow\",\"Action\":\"kinesis:PutRecord\",\"Resource\":\""
                            + STREAM_ARN + "\"}")));
            kinesis.createStream(b -> b.streamName(STREAM).shardCount(1));
            await().atMost(PROPAGATION)
                    .until(() -> kinesis.describeStreamSummary(b -> b.streamName(STREAM))
                                    .streamDescriptionSummary()
                                    .streamStatus()
                            == StreamStatus.ACTIVE);
        }
    }

    @AfterAll
    static void stop() {
        if (userSts != null) {
            userSts.close();
        }
    }

    @Test
    void anInlineSessionPolicyLimitsTheSessionToWhatBothAllow() {
        AssumeRoleResponse assumed = assume(b -> b.policy(DESCRIBE_ONLY));
        assertThat(assumed.packedPolicySize()).isBetween(1, 100);

        try (KinesisClient session = node.kinesis(credentials(assumed))) {
            assertThat(session.describeStreamSummary(b -> b.streamName(STREAM))
                            .streamDescriptionSummary()
                            .streamName())
                    .isEqualTo(STREAM);
            assertThatThrownBy(() -> put(session))
                    .isInstanceOfSatisfying(
                            AccessDeniedException.class,
                            e -> assertThat(e.awsErrorDetails().errorMessage())
                                    .isEqualTo("User: "
                                            + assumed.assumedRoleUser().arn()
                                            + " is not authorized to perform: kinesis:PutRecord on resource: "
                                            + STREAM_ARN + " because no session policy allows the kinesis:PutRecord"
                                            + " action"));
        }
    }

    @Test
    void managedSessionPoliciesLimitTheSessionAsWellAndTheRoleStillBoundsThem() {
        AssumeRoleResponse assumed = assume(b -> b.policyArns(p -> p.arn(PUT_ONLY_ARN)));
        assertThat(assumed.packedPolicySize()).isPositive();

        try (KinesisClient session = node.kinesis(credentials(assumed))) {
            put(session);
            assertThatThrownBy(() -> session.describeStreamSummary(b -> b.streamName(STREAM)))
                    .isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining("because no session policy allows the kinesis:DescribeStreamSummary");
        }
        // A session policy grants nothing its role does not: the role may do no IAM action.
        AssumeRoleResponse wide = assume(b ->
                b.policy(policy("{\"Effect\":\"Allow\",\"Action\":[\"kinesis:*\",\"iam:*\"],\"Resource\":\"*\"}")));
        try (IamClient iam = node.iam(credentials(wide))) {
            assertThatThrownBy(iam::listUsers).hasMessageContaining("because no identity-based policy allows");
        }
    }

    @Test
    void anExplicitDenyInASessionPolicyWins() {
        AssumeRoleResponse assumed =
                assume(b -> b.policy(policy("{\"Effect\":\"Allow\",\"Action\":\"kinesis:*\",\"Resource\":\"*\"},"
                        + "{\"Effect\":\"Deny\",\"Action\":\"kinesis:PutRecord\",\"Resource\":\"*\"}")));
        assertThat(assumed.packedPolicySize()).isPositive();
        try (KinesisClient session = node.kinesis(credentials(assumed))) {
            assertThatThrownBy(() -> put(session))
                    .isInstanceOfSatisfying(
                            AccessDeniedException.class,
                            e -> assertThat(e.awsErrorDetails().errorMessage())
                                    .endsWith("with an explicit deny in a session policy"));
        }
        // Without session policies the role's own policies decide, and no PackedPolicySize is answered.
        AssumeRoleResponse plain = assume(b -> {});
        assertThat(plain.packedPolicySize()).isNull();
        try (KinesisClient session = node.kinesis(credentials(plain))) {
            put(session);
        }
    }

    @Test
    void sessionPoliciesOutsideStsLimitsAreRefusedWithStsErrors() {
        assertThatThrownBy(() -> assume(b -> b.policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
                        + "\"Allow\",\"Action\":\"kinesis:*\"}]}")))
                .isInstanceOf(MalformedPolicyDocumentException.class);
        String tooLong = policy("{\"Sid\":\"" + "a".repeat(2048) + "\",\"Effect\":\"Allow\",\"Action\":\"kinesis:*\","
                + "\"Resource\":\"*\"}");
        assertThatThrownBy(() -> assume(b -> b.policy(tooLong))).isInstanceOfSatisfying(StsException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
            assertThat(e.awsErrorDetails().errorMessage()).contains("'policy'");
        });
        assertThatThrownBy(() -> assume(b -> b.policyArns(p -> p.arn(PUT_ONLY_ARN))
                        .policyArns(Collections.nCopies(
                                11,
                                PolicyDescriptorType.builder().arn(PUT_ONLY_ARN).build()))))
                .isInstanceOfSatisfying(
                        StsException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError"));
        // Ten long ARNs of random names exceed the packed allotment while each is within its 2,048 characters.
        List<PolicyDescriptorType> long10 = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            StringBuilder name = new StringBuilder();
            while (name.length() < 700) {
                name.append(UUID.randomUUID());
            }
            long10.add(PolicyDescriptorType.builder()
                    .arn("arn:aws:iam::" + SignedNode.ACCOUNT + ":policy/" + name)
                    .build());
        }
        assertThatThrownBy(() -> assume(b -> b.policyArns(long10)))
                .isInstanceOfSatisfying(
                        PackedPolicyTooLargeException.class,
                        e -> assertThat(e.awsErrorDetails().errorMessage())
                                .matches(
                                        "Packed policy consumes \\d+% of allotted space, please use smaller policy\\."));
    }

    private static AssumeRoleResponse assume(Consumer<AssumeRoleRequest.Builder> parameters) {
        // The account's root may not assume roles: a user of the account with the right to does.
        return userSts().assumeRole(b -> {
            b.roleArn(ROLE_ARN).roleSessionName("limited");
            parameters.accept(b);
        });
    }

    private static StsClient userSts;

    /** A user allowed to assume the role, made once its key works. */
    private static synchronized StsClient userSts() {
        if (userSts == null) {
            String user = "assumer-" + UUID.randomUUID().toString().substring(0, 8);
            AwsCredentials credentials;
            try (IamClient iam = node.iam(ROOT)) {
                iam.createUser(b -> b.userName(user));
                iam.putUserPolicy(b -> b.userName(user)
                        .policyName("assume")
                        .policyDocument(policy("{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\""
                                + ROLE_ARN + "\"}")));
                AccessKey key = iam.createAccessKey(b -> b.userName(user)).accessKey();
                credentials = AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey());
            }
            StsClient sts = node.sts(credentials);
            await().atMost(PROPAGATION)
                    .ignoreExceptions()
                    .until(() -> sts.getCallerIdentity().arn().endsWith(":user/" + user));
            userSts = sts;
        }
        return userSts;
    }

    private static AwsCredentials credentials(AssumeRoleResponse assumed) {
        return AwsSessionCredentials.create(
                assumed.credentials().accessKeyId(),
                assumed.credentials().secretAccessKey(),
                assumed.credentials().sessionToken());
    }

    private static void put(KinesisClient kinesis) {
        kinesis.putRecord(b -> b.streamName(STREAM).partitionKey("k").data(SdkBytes.fromUtf8String("v")));
    }

    private static String policy(String statements) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}";
    }
}

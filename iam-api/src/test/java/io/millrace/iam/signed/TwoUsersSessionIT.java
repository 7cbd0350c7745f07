package io.millrace.iam.signed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.AccessDeniedException;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * A scripted session with two users, through the real SDK on two gateways of one cluster: the account's root creates
 * them and their policies with the IAM API; each can then do exactly what its policy allows, a role lends one of them
 * more for an hour, and a policy change or a disabled key made on one gateway holds on the other within seconds.
 */
class TwoUsersSessionIT {

    private static final Duration PROPAGATION = Duration.ofSeconds(10);
    private static final AwsCredentials ROOT = AwsBasicCredentials.create(SignedNode.ROOT_KEY, SignedNode.ROOT_SECRET);

    private static SignedNode first;
    private static SignedNode second;

    @BeforeAll
    static void start() throws Exception {
        first = SignedNode.shared();
        second = SignedNode.start(first.iamTopic());
    }

    @AfterAll
    static void stop() {
        if (second != null) {
            second.close();
        }
    }

    @Test
    void eachUserDoesOnlyWhatItsPolicyAllowsOnEveryGateway() {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String alice = "alice-" + suffix;
        String bob = "bob-" + suffix;
        String stream = alice + "-orders";
        String streamArn = "arn:aws:kinesis:us-east-1:" + SignedNode.ACCOUNT + ":stream/" + stream;
        AwsCredentials aliceKey;
        AwsCredentials bobKey;
        try (IamClient root = first.iam(ROOT)) {
            root.createUser(b -> b.userName(alice));
            root.createUser(b -> b.userName(bob));
            // Alice owns the streams named after her: a policy variable, as IAM's examples write it.
            root.putUserPolicy(b -> b.userName(alice)
                    .policyName("own-streams")
                    .policyDocument(policy(
                            statement("Allow", "\"kinesis:*\"", "\"arn:aws:kinesis:*:*:stream/${aws:username}-*\""),
                            statement("Allow", "\"kinesis:ListStreams\"", "\"*\""))));
            // Bob reads Alice's streams, and may never delete one, whatever else he is given.
            root.putUserPolicy(b -> b.userName(bob)
                    .policyName("read-alice")
                    .policyDocument(policy(
                            statement(
                                    "Allow",
                                    "[\"kinesis:Describe*\",\"kinesis:ListShards\",\"kinesis:GetShardIterator\","
                                            + "\"kinesis:GetRecords\"]",
                                    "\"arn:aws:kinesis:*:*:stream/" + alice + "-*\""),
                            statement("Deny", "\"kinesis:DeleteStream\"", "\"*\""))));
            aliceKey = credentials(root.createAccessKey(b -> b.userName(alice)).accessKey());
            bobKey = credentials(root.createAccessKey(b -> b.userName(bob)).accessKey());
        }

        try (KinesisClient asAlice = first.kinesis(aliceKey);
                KinesisClient bobOnSecond = second.kinesis(bobKey)) {
            asAlice.createStream(b -> b.streamName(stream).shardCount(1));
            await().atMost(PROPAGATION)
                    .until(() -> asAlice.describeStreamSummary(b -> b.streamName(stream))
                                    .streamDescriptionSummary()
                                    .streamStatus()
                            == StreamStatus.ACTIVE);
            asAlice.putRecord(b -> b.streamName(stream).partitionKey("k").data(SdkBytes.fromUtf8String("hello")));
            assertThatThrownBy(() -> asAlice.createStream(
                            b -> b.streamName(bob + "-orders").shardCount(1)))
                    .isInstanceOf(AccessDeniedException.class);

            // Bob, on the other gateway, as soon as his key has reached it.
            await().atMost(PROPAGATION).ignoreExceptions().until(() -> readAll(bobOnSecond, stream) == 1);
            assertThatThrownBy(() -> bobOnSecond.putRecord(
                            b -> b.streamName(stream).partitionKey("k").data(SdkBytes.fromUtf8String("no"))))
                    .isInstanceOfSatisfying(
                            AccessDeniedException.class,
                            e -> assertThat(e.awsErrorDetails().errorMessage())
                                    .isEqualTo("User: arn:aws:iam::123456789012:user/" + bob
                                            + " is not authorized to perform:"
                                            + " kinesis:PutRecord on resource: " + streamArn
                                            + " because no identity-based policy allows the kinesis:PutRecord action"));
            assertThatThrownBy(() -> bobOnSecond.deleteStream(b -> b.streamName(stream)))
                    .isInstanceOfSatisfying(
                            AccessDeniedException.class,
                            e -> assertThat(e.awsErrorDetails().errorMessage())
                                    .endsWith("kinesis:DeleteStream on resource: " + streamArn
                                            + " with an explicit deny in an identity-based policy"));
            assertThatThrownBy(bobOnSecond::listStreams).isInstanceOf(AccessDeniedException.class);

            // A policy removed on the first gateway takes Bob's reads away on the second within seconds.
            try (IamClient root = first.iam(ROOT)) {
                root.deleteUserPolicy(b -> b.userName(bob).policyName("read-alice"));
            }
            await().atMost(PROPAGATION)
                    .untilAsserted(
                            () -> assertThatThrownBy(() -> bobOnSecond.describeStreamSummary(b -> b.streamName(stream)))
                                    .isInstanceOf(AccessDeniedException.class));
        }

        // A key made inactive signs nothing, on every gateway.
        try (IamClient root = first.iam(ROOT);
                KinesisClient aliceOnSecond = second.kinesis(aliceKey)) {
            assertThat(aliceOnSecond.listStreams().streamNames()).contains(stream);
            root.updateAccessKey(
                    b -> b.userName(alice).accessKeyId(aliceKey.accessKeyId()).status(StatusType.INACTIVE));
            await().atMost(PROPAGATION)
                    .untilAsserted(() -> assertThatThrownBy(aliceOnSecond::listStreams)
                            .isInstanceOfSatisfying(
                                    KinesisException.class,
                                    e -> assertThat(e.awsErrorDetails().errorCode())
                                            .isEqualTo("UnrecognizedClientException")));
        }
    }

    @Test
    void aRoleLendsItsPermissionsToWhomItsTrustPolicyNames() {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String carol = "carol-" + suffix;
        String role = "reader-" + suffix;
        String stream = "shared-" + suffix;
        String roleArn = "arn:aws:iam::" + SignedNode.ACCOUNT + ":role/" + role;
        AwsCredentials carolKey;
        try (IamClient root = first.iam(ROOT);
                KinesisClient rootKinesis = first.kinesis(ROOT)) {
            rootKinesis.createStream(b -> b.streamName(stream).shardCount(1));
            root.createUser(b -> b.userName(carol));
            // Carol may do nothing herself, but the role's trust policy names her: in the role's account that is
            // enough to assume it, as for any resource policy naming a principal.
            String carolArn = "arn:aws:iam::" + SignedNode.ACCOUNT + ":user/" + carol;
            root.createRole(b -> b.roleName(role)
                    .assumeRolePolicyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                            + "\"Principal\":{\"AWS\":\"" + carolArn + "\"},\"Action\":\"sts:AssumeRole\"}]}"));
            root.putRolePolicy(b -> b.roleName(role)
                    .policyName("describe")
                    .policyDocument(policy(statement(
                            "Allow", "\"kinesis:DescribeStreamSummary\"", "\"arn:aws:kinesis:*:*:stream/shared-*\""))));
            carolKey = credentials(root.createAccessKey(b -> b.userName(carol)).accessKey());
        }
        try (StsClient carolSts = first.sts(carolKey);
                KinesisClient carolKinesis = first.kinesis(carolKey)) {
            await().atMost(PROPAGATION)
                    .ignoreExceptions()
                    .until(() -> carolSts.getCallerIdentity().arn().endsWith(":user/" + carol));
            assertThatThrownBy(() -> carolKinesis.describeStreamSummary(b -> b.streamName(stream)))
                    .isInstanceOf(AccessDeniedException.class);

            Credentials session = carolSts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("audit"))
                    .credentials();
            AwsCredentials temporary = AwsSessionCredentials.create(
                    session.accessKeyId(), session.secretAccessKey(), session.sessionToken());
            try (StsClient asRole = second.sts(temporary);
                    KinesisClient roleKinesis = second.kinesis(temporary)) {
                assertThat(asRole.getCallerIdentity().arn())
                        .isEqualTo("arn:aws:sts::" + SignedNode.ACCOUNT + ":assumed-role/" + role + "/audit");
                assertThat(roleKinesis
                                .describeStreamSummary(b -> b.streamName(stream))
                                .streamDescriptionSummary()
                                .streamName())
                        .isEqualTo(stream);
                assertThatThrownBy(() -> roleKinesis.putRecord(
                                b -> b.streamName(stream).partitionKey("k").data(SdkBytes.fromUtf8String("x"))))
                        .isInstanceOfSatisfying(
                                AccessDeniedException.class,
                                e -> assertThat(e.awsErrorDetails().errorMessage())
                                        .startsWith("User: arn:aws:sts::" + SignedNode.ACCOUNT + ":assumed-role/" + role
                                                + "/audit is not authorized to perform: kinesis:PutRecord"));
            }
        }
    }

    private static int readAll(KinesisClient client, String stream) {
        String shard =
                client.listShards(b -> b.streamName(stream)).shards().get(0).shardId();
        String iterator = client.getShardIterator(
                        b -> b.streamName(stream).shardId(shard).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        return client.getRecords(b -> b.shardIterator(iterator)).records().size();
    }

    private static AwsCredentials credentials(AccessKey key) {
        return AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey());
    }

    static String policy(String... statements) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
    }

    static String statement(String effect, String actions, String resources) {
        return "{\"Effect\":\"" + effect + "\",\"Action\":" + actions + ",\"Resource\":" + resources + "}";
    }
}

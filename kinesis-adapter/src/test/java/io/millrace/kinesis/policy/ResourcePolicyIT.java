package io.millrace.kinesis.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.millrace.gateway.access.ResourcePolicies;
import io.millrace.kinesis.testkit.TestGateway;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * PutResourcePolicy, GetResourcePolicy and DeleteResourcePolicy through the AWS SDK, on streams and consumers: kept
 * in Kafka with the stream's metadata, seen by every gateway and by its authorizer's look-up, gone with the stream.
 */
class ResourcePolicyIT {

    private static final Map<String, String> NO_LIMITS = Map.of("millrace.kinesis.shard-limits", "off");
    private static final Duration SECONDS = Duration.ofSeconds(10);

    private static String policy(String principal) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
                + principal + "\"},\"Action\":[\"kinesis:DescribeStreamSummary\",\"kinesis:GetRecords\"],"
                + "\"Resource\":\"*\"}]}";
    }

    private static String activeStream(KinesisClient kinesis) {
        String name = "policies-" + UUID.randomUUID().toString().substring(0, 8);
        kinesis.createStream(b -> b.streamName(name).shardCount(1));
        await().atMost(SECONDS)
                .until(() -> kinesis.describeStreamSummary(b -> b.streamName(name))
                                .streamDescriptionSummary()
                                .streamStatus()
                        == StreamStatus.ACTIVE);
        return kinesis.describeStreamSummary(b -> b.streamName(name))
                .streamDescriptionSummary()
                .streamARN();
    }

    private static String policyOf(KinesisClient kinesis, String arn) {
        return kinesis.getResourcePolicy(b -> b.resourceARN(arn)).policy();
    }

    @Test
    void aStreamsPolicyIsPutReadReplacedAndDeletedAndAnotherGatewaysLookupFollows() {
        KinesisClient kinesis = TestGateway.shared().client(true);
        String arn = activeStream(kinesis);
        // AWS: a resource without a policy answers an empty document.
        assertThat(policyOf(kinesis, arn)).isEqualTo("{}");

        try (TestGateway other = TestGateway.start(NO_LIMITS)) {
            ResourcePolicies seenThere = other.kinesis().resourcePolicies();
            assertThat(seenThere.policyOf(arn)).isEmpty();

            kinesis.putResourcePolicy(b -> b.resourceARN(arn).policy(policy("arn:aws:iam::111122223333:root")));
            assertThat(policyOf(kinesis, arn)).isEqualTo(policy("arn:aws:iam::111122223333:root"));
            await().atMost(SECONDS)
                    .until(
                            () -> seenThere.policyOf(arn),
                            p -> p.equals(Optional.of(policy("arn:aws:iam::111122223333:root"))));
            assertThat(policyOf(other.client(false), arn)).isEqualTo(policy("arn:aws:iam::111122223333:root"));

            // Putting again replaces the whole policy, as AWS says.
            kinesis.putResourcePolicy(b -> b.resourceARN(arn).policy(policy("arn:aws:iam::444455556666:root")));
            await().atMost(SECONDS)
                    .until(
                            () -> seenThere.policyOf(arn),
                            p -> p.equals(Optional.of(policy("arn:aws:iam::444455556666:root"))));

            kinesis.deleteResourcePolicy(b -> b.resourceARN(arn));
            assertThat(policyOf(kinesis, arn)).isEqualTo("{}");
            await().atMost(SECONDS).until(() -> seenThere.policyOf(arn), Optional::isEmpty);
            // Deleting what is not there leaves it so.
            kinesis.deleteResourcePolicy(b -> b.resourceARN(arn));
        }
    }

    @Test
    void aPolicySurvivesARestartAndGoesWithItsStream() {
        String arn;
        String stream;
        try (TestGateway first = TestGateway.start(NO_LIMITS)) {
            KinesisClient kinesis = first.client(true);
            arn = activeStream(kinesis);
            stream = arn.substring(arn.indexOf(":stream/") + ":stream/".length());
            kinesis.putResourcePolicy(b -> b.resourceARN(arn).policy(policy("arn:aws:iam::111122223333:root")));
        }
        try (TestGateway restarted = TestGateway.start(NO_LIMITS)) {
            KinesisClient kinesis = restarted.client(false);
            assertThat(policyOf(kinesis, arn)).isEqualTo(policy("arn:aws:iam::111122223333:root"));
            assertThat(restarted.kinesis().resourcePolicies().policyOf(arn))
                    .contains(policy("arn:aws:iam::111122223333:root"));

            kinesis.deleteStream(b -> b.streamName(stream));
            await().atMost(SECONDS)
                    .until(() -> restarted.kinesis().resourcePolicies().policyOf(arn), Optional::isEmpty);
            assertThatThrownBy(() -> policyOf(kinesis, arn)).isInstanceOf(ResourceNotFoundException.class);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> kinesis.listStreams().streamNames().stream().noneMatch(stream::equals));
            // A stream created again under the name is another stream, without the old one's policy.
            kinesis.createStream(b -> b.streamName(stream).shardCount(1));
            await().atMost(SECONDS)
                    .untilAsserted(() -> assertThat(policyOf(kinesis, arn)).isEqualTo("{}"));
            kinesis.deleteStream(b -> b.streamName(stream));
        }
    }

    @Test
    void aConsumersPolicyIsItsOwnAndGoesWithTheConsumer() {
        KinesisClient kinesis = TestGateway.shared().client(false);
        String streamArn = activeStream(kinesis);
        String consumerArn = kinesis.registerStreamConsumer(
                        b -> b.streamARN(streamArn).consumerName("reader"))
                .consumer()
                .consumerARN();
        ResourcePolicies lookup = TestGateway.shared().kinesis().resourcePolicies();

        kinesis.putResourcePolicy(b -> b.resourceARN(consumerArn).policy(policy("arn:aws:iam::111122223333:root")));
        assertThat(policyOf(kinesis, consumerArn)).isEqualTo(policy("arn:aws:iam::111122223333:root"));
        assertThat(policyOf(kinesis, streamArn)).isEqualTo("{}");
        assertThat(lookup.policyOf(consumerArn)).contains(policy("arn:aws:iam::111122223333:root"));
        assertThat(lookup.policyOf(streamArn)).isEmpty();

        kinesis.deregisterStreamConsumer(b -> b.consumerARN(consumerArn));
        assertThat(lookup.policyOf(consumerArn)).isEmpty();
        assertThatThrownBy(() -> policyOf(kinesis, consumerArn)).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> kinesis.putResourcePolicy(
                        b -> b.resourceARN(consumerArn).policy(policy("arn:aws:iam::111122223333:root"))))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void whatCannotBeAttachedIsRefusedAsAwsDoes() {
        KinesisClient kinesis = TestGateway.shared().client(true);
        String arn = activeStream(kinesis);

        assertThatThrownBy(
                        () -> kinesis.putResourcePolicy(b -> b.resourceARN(arn).policy("{\"Version\":")))
                .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(
                        () -> kinesis.putResourcePolicy(b -> b.resourceARN(arn).policy("[]")))
                .isInstanceOf(InvalidArgumentException.class);
        // Well-formed JSON is not enough: a resource policy must name who it grants to, as IAM checks it.
        assertThatThrownBy(() -> kinesis.putResourcePolicy(b -> b.resourceARN(arn)
                        .policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                                + "\"Action\":\"kinesis:GetRecords\",\"Resource\":\"*\"}]}")))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("Missing required field Principal");
        String huge = "{\"Sid\":\"" + "x".repeat(ResourcePolicyActions.MAX_POLICY_BYTES) + "\"}";
        assertThatThrownBy(
                        () -> kinesis.putResourcePolicy(b -> b.resourceARN(arn).policy(huge)))
                .isInstanceOf(LimitExceededException.class);
        assertThat(policyOf(kinesis, arn)).isEqualTo("{}");

        String missing = arn + "-missing";
        assertThatThrownBy(() -> kinesis.putResourcePolicy(
                        b -> b.resourceARN(missing).policy(policy("arn:aws:iam::111122223333:root"))))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("not found");
        String otherAccount = arn.replaceFirst(":\\d{12}:", ":999999999999:");
        assertThatThrownBy(() -> policyOf(kinesis, otherAccount)).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> policyOf(kinesis, arn + "/consumer/nobody:1700000000"))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> kinesis.deleteResourcePolicy(b -> b.resourceARN("arn:aws:sqs:eu-west-1:1:queue")))
                .isInstanceOfSatisfying(
                        AwsServiceException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
    }
}

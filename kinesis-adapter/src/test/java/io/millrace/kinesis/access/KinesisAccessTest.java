package io.millrace.kinesis.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.gateway.access.AccessRequest;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.WireFormat;
import io.millrace.kinesis.api.KinesisApi;
import io.millrace.kinesis.sequence.ShardIterator;
import io.millrace.kinesis.sequence.TokenSigner;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every Kinesis action is authorized on the stream or consumer it names, as AWS's reference lists it (that every
 * action of the running API is mapped is {@link KinesisAccessIT}'s).
 */
class KinesisAccessTest {

    private static final String STREAM_ARN = "arn:aws:kinesis:eu-west-1:123456789012:stream/orders";
    private static final String CONSUMER_ARN = STREAM_ARN + "/consumer/billing:1700000000";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final TokenSigner SIGNER = new TokenSigner(new byte[32]);
    /** What this gateway's view knows: consumer billing of orders, and the tokens this cluster's key opens. */
    private final KinesisAccess access = new KinesisAccess(
            (streamArn, name) -> streamArn.equals(STREAM_ARN) && name.equals("billing")
                    ? Optional.of(CONSUMER_ARN)
                    : Optional.empty(),
            new KinesisAccess.TokenStreams() {
                @Override
                public Optional<String> ofShardIterator(String iterator) {
                    return Optional.ofNullable(ShardIterator.decode(iterator, SIGNER))
                            .map(ShardIterator::stream);
                }

                @Override
                public Optional<String> ofListShardsToken(String nextToken) {
                    return nextToken.equals("page-2-of-orders") ? Optional.of("orders") : Optional.empty();
                }
            });

    @Test
    void streamActionsNeedTheirPermissionOnTheStreamByNameOrArn() throws Exception {
        for (String action : List.of("PutRecords", "GetRecords", "DescribeStreamSummary", "UpdateShardCount")) {
            assertThat(access.accessOf(request(action, "{\"StreamName\":\"orders\"}")))
                    .containsExactly(AccessRequest.of("kinesis:" + action, STREAM_ARN));
        }
        String otherRegion = "arn:aws:kinesis:us-east-2:123456789012:stream/orders";
        assertThat(access.accessOf(request("PutRecord", "{\"StreamARN\":\"" + otherRegion + "\"}")))
                .containsExactly(AccessRequest.of("kinesis:PutRecord", otherRegion));
    }

    @Test
    void callsThatContinueFromATokenAreOnTheTokensStream() throws Exception {
        String iterator = new ShardIterator("orders", 1L, 0, 42L, System.currentTimeMillis()).encode(SIGNER);
        assertThat(access.accessOf(request("GetRecords", "{\"ShardIterator\":\"" + iterator + "\"}")))
                .containsExactly(AccessRequest.of("kinesis:GetRecords", STREAM_ARN));
        assertThat(access.accessOf(request("ListShards", "{\"NextToken\":\"page-2-of-orders\"}")))
                .containsExactly(AccessRequest.of("kinesis:ListShards", STREAM_ARN));
        // Not a token this cluster issued: the action answers it, to a caller allowed on any stream.
        assertThat(access.accessOf(request("GetRecords", "{\"ShardIterator\":\"forged\"}")))
                .containsExactly(AccessRequest.of("kinesis:GetRecords", "*"));
    }

    @Test
    void creatingWithTagsAlsoNeedsAddTagsToStream() throws Exception {
        assertThat(access.accessOf(request("CreateStream", "{\"StreamName\":\"orders\",\"Tags\":{\"team\":\"a\"}}")))
                .containsExactly(
                        AccessRequest.of("kinesis:CreateStream", STREAM_ARN),
                        AccessRequest.of("kinesis:AddTagsToStream", STREAM_ARN));
    }

    @Test
    void consumerActionsNeedTheirPermissionOnTheConsumer() throws Exception {
        assertThat(access.accessOf(request("SubscribeToShard", "{\"ConsumerARN\":\"" + CONSUMER_ARN + "\"}")))
                .containsExactly(AccessRequest.of("kinesis:SubscribeToShard", CONSUMER_ARN));
        assertThat(access.accessOf(request(
                        "DescribeStreamConsumer",
                        "{\"StreamARN\":\"" + STREAM_ARN + "\",\"ConsumerName\":\"billing\"}")))
                .containsExactly(AccessRequest.of("kinesis:DescribeStreamConsumer", CONSUMER_ARN));
    }

    @Test
    void aConsumerTheViewDoesNotKnowIsAuthorizedOnItsStream() throws Exception {
        assertThat(access.accessOf(request(
                        "DeregisterStreamConsumer",
                        "{\"StreamARN\":\"" + STREAM_ARN + "\",\"ConsumerName\":\"audit\"}")))
                .containsExactly(AccessRequest.of("kinesis:DeregisterStreamConsumer", STREAM_ARN));
        assertThat(access.accessOf(request("RegisterStreamConsumer", "{\"StreamARN\":\"" + STREAM_ARN + "\"}")))
                .containsExactly(AccessRequest.of("kinesis:RegisterStreamConsumer", STREAM_ARN));
    }

    @Test
    void resourcePolicyActionsAreOnTheResourceArn() throws Exception {
        for (String arn : List.of(STREAM_ARN, CONSUMER_ARN)) {
            assertThat(access.accessOf(request("GetResourcePolicy", "{\"ResourceARN\":\"" + arn + "\"}")))
                    .containsExactly(AccessRequest.of("kinesis:GetResourcePolicy", arn));
        }
    }

    @Test
    void accountActionsAndNamelessCallsAreOnAnyResource() throws Exception {
        assertThat(access.accessOf(request("ListStreams", "{}")))
                .containsExactly(AccessRequest.of("kinesis:ListStreams", "*"));
        assertThat(access.accessOf(request("DescribeLimits", "{}")))
                .containsExactly(AccessRequest.of("kinesis:DescribeLimits", "*"));
        assertThat(access.accessOf(request("PutRecord", "{}")))
                .containsExactly(AccessRequest.of("kinesis:PutRecord", "*"));
        assertThat(access.accessOf(request("DescribeStreamConsumer", "{}")))
                .containsExactly(AccessRequest.of("kinesis:DescribeStreamConsumer", "*"));
    }

    @Test
    void anActionItDoesNotKnowIsLeftToTheRegistry() throws Exception {
        assertThat(access.accessOf(request("UpdateStreamWarmThroughput", "{}"))).isNull();
    }

    private static AwsRequest request(String action, String body) throws Exception {
        return new AwsRequest(
                KinesisApi.TARGET_PREFIX,
                action,
                JSON.readTree(body),
                WireFormat.JSON,
                "eu-west-1",
                "123456789012",
                Instant.now());
    }
}

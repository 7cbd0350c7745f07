package io.millrace.kinesis.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.gateway.access.AccessRequest;
import io.millrace.gateway.protocol.ActionRegistry;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.WireFormat;
import io.millrace.kinesis.api.KinesisApi;
import io.millrace.kinesis.testkit.TestGateway;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * The registry of a running Kinesis API maps every action it serves to its resources, so an action added later
 * cannot fall back to {@code *} unnoticed. (Building the registry needs a started service, hence an IT.)
 */
class KinesisAccessIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The region the test clients sign for and the gateway's default account: the ARNs the API answers. */
    private static final String REGION = "us-east-1";

    private static final String ACCOUNT = "000000000000";

    @Test
    void everyRegisteredActionHasItsResourcesMapped() throws Exception {
        ActionRegistry registry =
                (ActionRegistry) TestGateway.shared().kinesis().apis().get(0);
        assertThat(registry.actionNames()).contains("PutResourcePolicy", "SubscribeToShard", "PutRecords");
        assertThat(KinesisAccess.mappedActions()).containsAll(registry.actionNames());
        for (String action : registry.actionNames()) {
            AwsRequest request = request(action, JSON.createObjectNode().put("StreamName", "orders"));
            assertThat(registry.access(request))
                    .as(action)
                    .isNotEmpty()
                    .allSatisfy(needed -> assertThat(needed.action()).isEqualTo("kinesis:" + action));
        }
    }

    @Test
    void readsAndPagesAreAuthorizedOnTheStreamTheirTokenWasIssuedFor() throws Exception {
        TestGateway gateway = TestGateway.shared();
        ActionRegistry registry = (ActionRegistry) gateway.kinesis().apis().get(0);
        KinesisClient kinesis = gateway.client(true);
        String stream = "access-" + UUID.randomUUID().toString().substring(0, 8);
        kinesis.createStream(b -> b.streamName(stream).shardCount(2));
        String iterator = kinesis.getShardIterator(b -> b.streamName(stream)
                        .shardId("shardId-000000000000")
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        String nextToken =
                kinesis.listShards(b -> b.streamName(stream).maxResults(1)).nextToken();
        String arn = kinesis.describeStreamSummary(b -> b.streamName(stream))
                .streamDescriptionSummary()
                .streamARN();

        assertThat(registry.access(request("GetRecords", JSON.createObjectNode().put("ShardIterator", iterator))))
                .containsExactly(AccessRequest.of("kinesis:GetRecords", arn));
        assertThat(registry.access(request("ListShards", JSON.createObjectNode().put("NextToken", nextToken))))
                .containsExactly(AccessRequest.of("kinesis:ListShards", arn));
        kinesis.deleteStream(b -> b.streamName(stream));
    }

    /** A call as the SDK's default region and the gateway's default account make it. */
    private static AwsRequest request(String action, JsonNode body) {
        return new AwsRequest(KinesisApi.TARGET_PREFIX, action, body, WireFormat.JSON, REGION, ACCOUNT, Instant.now());
    }
}

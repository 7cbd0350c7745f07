package io.millrace.kinesis.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.kinesis.testkit.TestGateway;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.ScalingType;

/** UpdateShardCount's limits that need real scalings: ten per rolling day, and the account quota at the peak. */
class ShardCountLimitsIT {

    @Test
    void theEleventhScalingOfTheDayIsRefused() throws Exception {
        KinesisClient client = TestGateway.shared().client(false);
        String stream = "ten-scalings-" + UUID.randomUUID().toString().substring(0, 8);
        client.createStream(b -> b.streamName(stream).shardCount(1));
        ReshardSupport.awaitActive(client, stream, Duration.ofSeconds(10));
        // Between one and two shards: one round each, the quickest scalings there are.
        for (int i = 1; i <= 10; i++) {
            int target = i % 2 == 1 ? 2 : 1;
            client.updateShardCount(
                    b -> b.streamName(stream).targetShardCount(target).scalingType(ScalingType.UNIFORM_SCALING));
            ReshardSupport.awaitActive(client, stream, Duration.ofSeconds(20));
        }
        assertThat(client.describeStreamSummary(b -> b.streamName(stream))
                        .streamDescriptionSummary()
                        .openShardCount())
                .isEqualTo(1);
        assertThatThrownBy(() -> client.updateShardCount(
                        b -> b.streamName(stream).targetShardCount(2).scalingType(ScalingType.UNIFORM_SCALING)))
                .isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("already scaled 10 times");
        client.deleteStream(b -> b.streamName(stream));
    }

    @Test
    void theShortLivedShardsOfAScalingCountAgainstTheAccountLimit() throws Exception {
        KinesisClient client = TestGateway.shared().client(true);
        String stream = "peak-quota-" + UUID.randomUUID().toString().substring(0, 8);
        client.createStream(b -> b.streamName(stream).shardCount(3));
        ReshardSupport.awaitActive(client, stream, Duration.ofSeconds(10));
        int open = client.describeLimits().openShardCount();
        // Room for two more shards. 3 to 4 shards first splits each of the 3 at the quarter boundaries inside it:
        // 6 shards for a while (AWS: short-lived shards count toward the account limit), so it is refused.
        try (TestGateway tight = TestGateway.start(Map.of(
                "millrace.kinesis.shard-limits",
                "off",
                "millrace.kinesis.account-shard-limit",
                String.valueOf(open + 2)))) {
            KinesisClient limited = tight.client(true);
            assertThatThrownBy(() -> limited.updateShardCount(
                            b -> b.streamName(stream).targetShardCount(4).scalingType(ScalingType.UNIFORM_SCALING)))
                    .isInstanceOf(LimitExceededException.class)
                    .hasMessageContaining("shard limit")
                    .hasMessageContaining("additional shards that would have resulted from this request: 3");
            // 3 to 2 splits only the middle shard (4 for a while) before merging pairs: within the room.
            limited.updateShardCount(
                    b -> b.streamName(stream).targetShardCount(2).scalingType(ScalingType.UNIFORM_SCALING));
            ReshardSupport.awaitActive(limited, stream, Duration.ofSeconds(30));
            assertThat(limited.describeStreamSummary(b -> b.streamName(stream))
                            .streamDescriptionSummary()
                            .openShardCount())
                    .isEqualTo(2);
        }
        client.deleteStream(b -> b.streamName(stream));
    }
}

package io.millrace.kinesis.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.kinesis.testkit.TestGateway;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamMode;

/** An ON_DEMAND stream splits the shard that stays hot, and only that one; a PROVISIONED stream never scales. */
class OnDemandScalingIT {

    @Test
    void aHotShardOfAnOnDemandStreamIsSplit() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        // A low bar (5% of a shard: 50 records/s) held for 2 s, so the test needs no real 1,000 records/s.
        try (TestGateway gateway = TestGateway.start(Map.of(
                "millrace.kinesis.shard-limits",
                "off",
                "millrace.kinesis.on-demand-split-threshold",
                "0.05",
                "millrace.kinesis.on-demand-hot-seconds",
                "2"))) {
            KinesisClient client = gateway.client(true);
            String onDemand = "on-demand-" + id;
            String provisioned = "provisioned-" + id;
            client.createStream(b -> b.streamName(onDemand).streamModeDetails(d -> d.streamMode(StreamMode.ON_DEMAND)));
            client.createStream(b -> b.streamName(provisioned).shardCount(1));
            ReshardSupport.awaitActive(client, onDemand, Duration.ofSeconds(10));
            ReshardSupport.awaitActive(client, provisioned, Duration.ofSeconds(10));
            assertThat(ReshardSupport.shards(client, onDemand)).hasSize(4);

            // One partition key: one shard of four takes all the load.
            List<PutRecordsRequestEntry> batch = java.util.stream.IntStream.range(0, 50)
                    .mapToObj(i -> PutRecordsRequestEntry.builder()
                            .partitionKey("hot")
                            .data(SdkBytes.fromUtf8String("r" + i))
                            .build())
                    .toList();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (ReshardSupport.shards(client, onDemand).size() == 4 && System.nanoTime() < deadline) {
                client.putRecords(b -> b.streamName(onDemand).records(batch));
                client.putRecords(b -> b.streamName(provisioned).records(batch));
                Thread.sleep(100);
            }
            ReshardSupport.awaitActive(client, onDemand, Duration.ofSeconds(15));
            List<Shard> shards = ReshardSupport.shards(client, onDemand);
            assertThat(shards).hasSize(6);
            String hot = client.putRecord(
                            b -> b.streamName(onDemand).partitionKey("hot").data(SdkBytes.fromUtf8String("after")))
                    .shardId();
            assertThat(shards.get(4).parentShardId()).isEqualTo(shards.get(5).parentShardId());
            assertThat(hot).isIn("shardId-000000000004", "shardId-000000000005");
            assertThat(ReshardSupport.shards(client, provisioned)).hasSize(1);
            client.deleteStream(b -> b.streamName(onDemand));
            client.deleteStream(b -> b.streamName(provisioned));
        }
    }
}

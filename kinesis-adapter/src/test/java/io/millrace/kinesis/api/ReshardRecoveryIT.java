package io.millrace.kinesis.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.kinesis.model.TopicNames;
import io.millrace.kinesis.testkit.TestGateway;
import io.millrace.testkit.EmbeddedKafka;
import java.math.BigInteger;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * A gateway dies in the middle of a reshard: after adding the children's partitions (a crashed earlier attempt)
 * and after marking the parent closing. Another gateway finishes the reshard; the stream ends ACTIVE, consistent
 * and writable, and every gateway shows the same shard map.
 */
class ReshardRecoveryIT {

    @Test
    void aReshardLeftHalfDoneByACrashedGatewayIsFinishedByTheNextOne() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String stream = "reshard-crash-" + id;
        // These gateways share a metadata topic of their own: no other live gateway can finish the reshard.
        Map<String, String> cluster = Map.of(
                "millrace.kinesis.shard-limits",
                "off",
                "millrace.kinesis.metadata-topic",
                TopicNames.DEFAULT_METADATA_TOPIC + "_crash_" + id);
        TestGateway doomed = TestGateway.start(cluster);
        KinesisClient first = doomed.client(false);
        first.createStream(b -> b.streamName(stream).shardCount(2));
        ReshardSupport.awaitActive(first, stream, Duration.ofSeconds(10));
        Set<String> written = new HashSet<>();
        put(first, stream, "before", 20, written);

        // A first attempt crashed right after adding the children's partitions: the next one reuses them.
        try (Admin kafka =
                Admin.create(Map.of("bootstrap.servers", EmbeddedKafka.shared().bootstrapServers()))) {
            kafka.createPartitions(Map.of(stream, NewPartitions.increaseTo(4)))
                    .all()
                    .get();
        }

        Shard parent = ReshardSupport.shards(first, stream).get(0);
        BigInteger middle = new BigInteger(parent.hashKeyRange().endingHashKey()).shiftRight(1);
        doomed.client(true)
                .splitShard(
                        b -> b.streamName(stream).shardToSplit(parent.shardId()).newStartingHashKey(middle.toString()));
        // The gateway that began the reshard dies before it can close the parent.
        doomed.close();

        try (TestGateway restarted = TestGateway.start(cluster)) {
            KinesisClient fresh = restarted.client(true);
            // The next gateway finds the stream UPDATING and keeps taking writes (to the parent until the reshard's
            // cutover instant, to the children from it).
            assertThat(fresh.describeStreamSummary(b -> b.streamName(stream))
                            .streamDescriptionSummary()
                            .streamStatus())
                    .isEqualTo(StreamStatus.UPDATING);
            put(fresh, stream, "during", 40, written);
            ReshardSupport.awaitActive(fresh, stream, Duration.ofSeconds(15));
            List<Shard> shards = ReshardSupport.shards(fresh, stream);
            assertThat(shards)
                    .extracting(Shard::shardId)
                    .containsExactly(
                            "shardId-000000000000",
                            "shardId-000000000001",
                            "shardId-000000000002",
                            "shardId-000000000003");
            assertThat(shards.get(0).sequenceNumberRange().endingSequenceNumber())
                    .isNotNull();
            assertThat(shards.get(2).parentShardId()).isEqualTo("shardId-000000000000");
            assertThat(shards.get(3).parentShardId()).isEqualTo("shardId-000000000000");
            assertThat(shards.get(2).hashKeyRange().endingHashKey())
                    .isEqualTo(middle.subtract(BigInteger.ONE).toString());
            assertThat(shards.get(3).hashKeyRange().startingHashKey()).isEqualTo(middle.toString());
            try (TestGateway another = TestGateway.start(cluster)) {
                assertThat(ReshardSupport.shards(another.client(false), stream)).isEqualTo(shards);
            }

            put(fresh, stream, "after", 20, written);
            List<ReshardSupport.ReadRecord> read = ReshardSupport.readInLineageOrder(fresh, stream);
            assertThat(read)
                    .extracting(ReshardSupport.ReadRecord::data)
                    .doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(written);
            // Nothing written once the reshard was done went to the closed parent.
            assertThat(read)
                    .filteredOn(r -> r.shardId().equals("shardId-000000000000"))
                    .allSatisfy(r -> assertThat(r.data()).doesNotStartWith("after"));
            assertThat(read)
                    .filteredOn(r -> r.data().startsWith("after"))
                    .hasSize(20)
                    .extracting(ReshardSupport.ReadRecord::shardId)
                    .contains("shardId-000000000002", "shardId-000000000003");
            fresh.deleteStream(b -> b.streamName(stream));
        }
    }

    private static void put(KinesisClient client, String stream, String prefix, int count, Set<String> written) {
        for (int i = 0; i < count; i++) {
            String data = prefix + "-" + i;
            client.putRecord(
                    b -> b.streamName(stream).partitionKey("key-" + data).data(SdkBytes.fromUtf8String(data)));
            written.add(data);
        }
    }
}

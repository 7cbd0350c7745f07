package io.millrace.kinesis.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.kinesis.model.SequenceNumber;
import io.millrace.kinesis.model.ShardId;
import io.millrace.kinesis.model.Shards;
import io.millrace.kinesis.model.routing.HashKey;
import io.millrace.kinesis.testkit.TestGateway;
import io.millrace.testkit.EmbeddedKafka;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;
import software.amazon.awssdk.services.kinesis.model.ScalingType;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * Split, then merge, then UpdateShardCount while four producers write without pause: every acknowledged record is
 * read back exactly once in lineage order, per-key order holds, every record sits in a shard whose range holds its
 * key, and no closed shard's partition holds a record past its end.
 */
class ReshardUnderLoadIT {

    private static final int PRODUCERS = 4;
    private static final int KEYS_PER_PRODUCER = 16;

    /** What a producer knows it wrote: acknowledged records by data, and records it could not get acknowledged. */
    private record Ack(String shardId, String sequenceNumber, String key) {}

    @Test
    void everyAcknowledgedRecordSurvivesThreeReshardsOnceAndInKeyOrder() throws Exception {
        String stream = "reshard-load-" + UUID.randomUUID().toString().substring(0, 8);
        KinesisClient admin = TestGateway.shared().client(true);
        admin.createStream(b -> b.streamName(stream).shardCount(2));
        ReshardSupport.awaitActive(admin, stream, Duration.ofSeconds(10));

        // A second gateway, whose view of the shard map lags the resharding one's: two producers alternate between
        // the gateways record by record (as behind a load balancer), one writes through each.
        TestGateway second = TestGateway.start(Map.of("millrace.kinesis.shard-limits", "off"));
        Map<String, Ack> acked = new ConcurrentHashMap<>();
        AtomicInteger refused = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(PRODUCERS);
        List<Future<?>> producers = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            int producer = p;
            producers.add(pool.submit(() -> {
                // Half the producers speak CBOR, half JSON 1.1.
                KinesisClient viaShared = TestGateway.shared().client(producer % 2 == 0);
                KinesisClient viaSecond = second.client(producer % 2 == 0);
                for (int n = 0; !stop.get(); n++) {
                    KinesisClient client = switch (producer) {
                        case 0, 1 -> (n / KEYS_PER_PRODUCER) % 2 == 0 ? viaShared : viaSecond;
                        case 2 -> viaShared;
                        default -> viaSecond;
                    };
                    String key = "p" + producer + "-k" + (n % KEYS_PER_PRODUCER);
                    String data = producer + ":" + n;
                    try {
                        PutRecordResponse response = client.putRecord(
                                b -> b.streamName(stream).partitionKey(key).data(SdkBytes.fromUtf8String(data)));
                        acked.put(data, new Ack(response.shardId(), response.sequenceNumber(), key));
                    } catch (RuntimeException e) {
                        refused.incrementAndGet();
                    }
                }
                return null;
            }));
        }

        Thread.sleep(700);
        Shard first = ReshardSupport.shards(admin, stream).get(0);
        BigInteger middle = new BigInteger(first.hashKeyRange().endingHashKey()).shiftRight(1);
        admin.splitShard(b -> b.streamName(stream).shardToSplit(first.shardId()).newStartingHashKey(middle.toString()));
        ReshardSupport.awaitActive(admin, stream, Duration.ofSeconds(20));
        Thread.sleep(300);
        admin.mergeShards(b ->
                b.streamName(stream).shardToMerge("shardId-000000000002").adjacentShardToMerge("shardId-000000000003"));
        ReshardSupport.awaitActive(admin, stream, Duration.ofSeconds(20));
        Thread.sleep(300);
        var scaled = admin.updateShardCount(
                b -> b.streamName(stream).targetShardCount(3).scalingType(ScalingType.UNIFORM_SCALING));
        assertThat(scaled.currentShardCount()).isEqualTo(2);
        ReshardSupport.awaitActive(admin, stream, Duration.ofSeconds(30));
        Thread.sleep(300);
        stop.set(true);
        for (Future<?> producer : producers) {
            producer.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        // Both gateways agree on the shard map.
        assertThat(ReshardSupport.shards(second.client(false), stream)).isEqualTo(ReshardSupport.shards(admin, stream));
        second.close();

        List<Shard> shards = ReshardSupport.shards(admin, stream);
        Map<String, Shard> byId = new HashMap<>();
        shards.forEach(shard -> byId.put(shard.shardId(), shard));
        // Split 0 into 2+3, merge 2+3 into 4, then 2 -> 3 shards: split 1 and 4 (5..8), merge the middle pair (9).
        assertThat(shards).hasSize(10);
        assertThat(shards.stream().filter(s -> s.sequenceNumberRange().endingSequenceNumber() == null))
                .extracting(Shard::shardId)
                .containsExactlyInAnyOrder("shardId-000000000005", "shardId-000000000008", "shardId-000000000009");
        assertThat(byId.get("shardId-000000000004").parentShardId()).isEqualTo("shardId-000000000002");
        assertThat(byId.get("shardId-000000000004").adjacentParentShardId()).isEqualTo("shardId-000000000003");
        assertThat(byId.get("shardId-000000000002").parentShardId()).isEqualTo("shardId-000000000000");
        assertThat(byId.get("shardId-000000000009").adjacentParentShardId()).isNotNull();

        List<ReshardSupport.ReadRecord> read = ReshardSupport.readInLineageOrder(admin, stream);
        Map<String, ReshardSupport.ReadRecord> readByData = new HashMap<>();
        Map<String, Integer> lastPerKey = new HashMap<>();
        for (ReshardSupport.ReadRecord record : read) {
            assertThat(readByData.put(record.data(), record))
                    .as("duplicate %s", record.data())
                    .isNull();
            // Each key's records come in the order its producer wrote them.
            int n = Integer.parseInt(record.data().substring(record.data().indexOf(':') + 1));
            Integer previous = lastPerKey.put(record.partitionKey(), n);
            if (previous != null) {
                assertThat(n).as("order of key %s", record.partitionKey()).isGreaterThan(previous);
            }
            // The record sits in a shard that owned its key's hash.
            assertThat(Shards.range(shardOf(byId.get(record.shardId())))
                            .contains(HashKey.ofPartitionKey(record.partitionKey())))
                    .isTrue();
        }
        assertThat(acked.size()).isGreaterThan(500);
        for (Map.Entry<String, Ack> entry : acked.entrySet()) {
            ReshardSupport.ReadRecord record = readByData.get(entry.getKey());
            assertThat(record).as("acknowledged record %s", entry.getKey()).isNotNull();
            assertThat(record.shardId()).isEqualTo(entry.getValue().shardId());
            assertThat(record.sequenceNumber()).isEqualTo(entry.getValue().sequenceNumber());
        }
        // Writes are never refused because of a reshard in this run; a refused one may appear at most once above.
        assertThat(refused.get()).isZero();

        // Atomic for writers: nothing reached a closed shard's partition after its end.
        try (Admin kafka =
                Admin.create(Map.of("bootstrap.servers", EmbeddedKafka.shared().bootstrapServers()))) {
            for (Shard shard : shards) {
                String ending = shard.sequenceNumberRange().endingSequenceNumber();
                if (ending == null) {
                    continue;
                }
                TopicPartition tp = new TopicPartition(stream, ShardId.parse(shard.shardId()));
                long logEnd = kafka.listOffsets(Map.of(tp, OffsetSpec.latest()))
                        .partitionResult(tp)
                        .get()
                        .offset();
                long shardRecords = read.stream()
                        .filter(r -> r.shardId().equals(shard.shardId()))
                        .count();
                assertThat(logEnd).as("log end of closed %s", shard.shardId()).isEqualTo(shardRecords);
                if (shardRecords > 0) {
                    assertThat(SequenceNumber.parse(ending).offset()).isEqualTo(logEnd - 1);
                }
            }
        }
        admin.deleteStream(b -> b.streamName(stream));
    }

    private static io.millrace.schemas.kinesis.ShardMetadata shardOf(Shard shard) {
        return io.millrace.schemas.kinesis.ShardMetadata.newBuilder()
                .setIndex(ShardId.parse(shard.shardId()))
                .setStartingHashKey(shard.hashKeyRange().startingHashKey())
                .setEndingHashKey(shard.hashKeyRange().endingHashKey())
                .setCreatedAtMillis(0)
                .build();
    }
}

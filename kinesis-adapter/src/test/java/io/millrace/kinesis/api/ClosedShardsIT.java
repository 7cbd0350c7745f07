package io.millrace.kinesis.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.kinesis.metadata.MetadataStore;
import io.millrace.kinesis.metadata.StreamUpdater;
import io.millrace.kinesis.model.TopicNames;
import io.millrace.kinesis.model.routing.HashKey;
import io.millrace.kinesis.testkit.TestGateway;
import io.millrace.schemas.kinesis.ShardMetadata;
import io.millrace.testkit.EmbeddedKafka;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ChildShard;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** Closed shards as readers meet them: the last page of a parent names its children; an expired one is gone. */
class ClosedShardsIT {

    private static final String MAX = HashKey.MAX_VALUE.toString();

    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void theLastPageOfAParentNamesItsChildrenAndEndsTheShard(boolean cbor) throws Exception {
        KinesisClient client = TestGateway.shared().client(cbor);
        String stream = "child-shards-" + UUID.randomUUID().toString().substring(0, 8);
        client.createStream(b -> b.streamName(stream).shardCount(2));
        ReshardSupport.awaitActive(client, stream, Duration.ofSeconds(10));
        for (int i = 0; i < 20; i++) {
            String key = "key-" + i;
            client.putRecord(b -> b.streamName(stream).partitionKey(key).data(SdkBytes.fromUtf8String(key)));
        }
        client.mergeShards(b ->
                b.streamName(stream).shardToMerge("shardId-000000000000").adjacentShardToMerge("shardId-000000000001"));
        ReshardSupport.awaitActive(client, stream, Duration.ofSeconds(15));

        // Both parents end with the one merged child over the whole range, ShardToMerge named first.
        for (String parent : List.of("shardId-000000000000", "shardId-000000000001")) {
            GetRecordsResponse last = lastPage(client, stream, parent);
            assertThat(last.nextShardIterator()).as("%s is closed", parent).isNull();
            assertThat(last.childShards()).hasSize(1);
            ChildShard child = last.childShards().get(0);
            assertThat(child.shardId()).isEqualTo("shardId-000000000002");
            assertThat(child.parentShards()).containsExactly("shardId-000000000000", "shardId-000000000001");
            assertThat(child.hashKeyRange().startingHashKey()).isEqualTo("0");
            assertThat(child.hashKeyRange().endingHashKey()).isEqualTo(MAX);
        }

        BigInteger middle = HashKey.MAX_VALUE.shiftRight(1);
        client.splitShard(
                b -> b.streamName(stream).shardToSplit("shardId-000000000002").newStartingHashKey(middle.toString()));
        ReshardSupport.awaitActive(client, stream, Duration.ofSeconds(15));
        GetRecordsResponse last = lastPage(client, stream, "shardId-000000000002");
        assertThat(last.nextShardIterator()).isNull();
        assertThat(last.childShards())
                .extracting(ChildShard::shardId)
                .containsExactly("shardId-000000000003", "shardId-000000000004");
        assertThat(last.childShards())
                .allSatisfy(c -> assertThat(c.parentShards()).containsExactly("shardId-000000000002"));
        assertThat(last.childShards().get(0).hashKeyRange().startingHashKey()).isEqualTo("0");
        assertThat(last.childShards().get(0).hashKeyRange().endingHashKey())
                .isEqualTo(middle.subtract(BigInteger.ONE).toString());
        assertThat(last.childShards().get(1).hashKeyRange().startingHashKey()).isEqualTo(middle.toString());
        assertThat(last.childShards().get(1).hashKeyRange().endingHashKey()).isEqualTo(MAX);
        // Open shards never carry ChildShards and always go on.
        GetRecordsResponse open =
                client.getRecords(b -> b.shardIterator(client.getShardIterator(i -> i.streamName(stream)
                                .shardId("shardId-000000000003")
                                .shardIteratorType(ShardIteratorType.LATEST))
                        .shardIterator()));
        assertThat(open.childShards()).isEmpty();
        assertThat(open.nextShardIterator()).isNotNull();
        client.deleteStream(b -> b.streamName(stream));
    }

    @Test
    void aClosedShardWhoseDataExpiredIsGoneEverywhere() throws Exception {
        KinesisClient client = TestGateway.shared().client(true);
        String stream = "expired-shard-" + UUID.randomUUID().toString().substring(0, 8);
        client.createStream(b -> b.streamName(stream).shardCount(1));
        ReshardSupport.awaitActive(client, stream, Duration.ofSeconds(10));
        client.splitShard(b -> b.streamName(stream)
                .shardToSplit("shardId-000000000000")
                .newStartingHashKey(HashKey.MAX_VALUE.shiftRight(1).toString()));
        ReshardSupport.awaitActive(client, stream, Duration.ofSeconds(15));

        // Two days on, with 24 hours of retention: the parent closed 30 hours ago holds no data any more. The
        // metadata is moved back in time rather than the clock forward.
        long now = System.currentTimeMillis();
        long hour = Duration.ofHours(1).toMillis();
        try (Admin admin = Admin.create(
                        Map.of("bootstrap.servers", EmbeddedKafka.shared().bootstrapServers()));
                MetadataStore store = new MetadataStore(
                        Map.of("bootstrap.servers", EmbeddedKafka.shared().bootstrapServers()),
                        admin,
                        TopicNames.DEFAULT_METADATA_TOPIC)) {
            store.start(Duration.ofSeconds(30));
            new StreamUpdater(store, Clock.systemUTC())
                    .update(
                            stream,
                            next -> {
                                next.setCreatedAtMillis(now - 48 * hour);
                                List<ShardMetadata> shards = new ArrayList<>();
                                for (ShardMetadata shard : next.getShards()) {
                                    shards.add(
                                            shard.getIndex() != 0
                                                    ? shard
                                                    : ShardMetadata.newBuilder(shard)
                                                            .setCreatedAtMillis(now - 48 * hour)
                                                            .setClosedAtMillis(now - 30 * hour)
                                                            .build());
                                }
                                next.setShards(shards);
                            },
                            IllegalStateException::new);
        }

        List<String> listed = client.listShards(b -> b.streamName(stream)).shards().stream()
                .map(Shard::shardId)
                .toList();
        assertThat(listed).containsExactly("shardId-000000000001", "shardId-000000000002");
        assertThat(client.describeStream(b -> b.streamName(stream))
                        .streamDescription()
                        .shards())
                .extracting(Shard::shardId)
                .containsExactly("shardId-000000000001", "shardId-000000000002");
        assertThatThrownBy(() -> client.getShardIterator(b -> b.streamName(stream)
                        .shardId("shardId-000000000000")
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("shardId-000000000000");
        assertThat(client.getShardIterator(b -> b.streamName(stream)
                                .shardId("shardId-000000000001")
                                .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                        .shardIterator())
                .isNotNull();
        client.deleteStream(b -> b.streamName(stream));
    }

    /** Reads a shard from its start until a page has no NextShardIterator (or 50 pages); returns that page. */
    private static GetRecordsResponse lastPage(KinesisClient client, String stream, String shardId) {
        String iterator = client.getShardIterator(
                        b -> b.streamName(stream).shardId(shardId).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        GetRecordsResponse page = null;
        for (int i = 0; i < 50 && iterator != null; i++) {
            String current = iterator;
            page = client.getRecords(b -> b.shardIterator(current));
            iterator = page.nextShardIterator();
        }
        return page;
    }
}

package io.millrace.kinesis.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.kinesis.model.routing.HashKey;
import io.millrace.kinesis.model.routing.ShardRouter;
import io.millrace.schemas.kinesis.ShardMetadata;
import io.millrace.schemas.kinesis.StreamMetadata;
import io.millrace.schemas.kinesis.StreamStatus;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The routing PutRecord applies, built from a stream's shard map: what the gateway and the Flink sink share. */
class ShardsRoutingTest {

    private static final BigInteger MAX = HashKey.MAX_VALUE;

    @Test
    void hashKeyIsTheMd5OfTheUtf8PartitionKeyAsAnUnsignedInteger() {
        // Values from an independent MD5 (Python hashlib), read as unsigned 128-bit integers.
        assertThat(HashKey.ofPartitionKey("a").toBigInteger())
                .isEqualTo(new BigInteger("16955237001963240173058271559858726497"));
        assertThat(HashKey.ofPartitionKey("é").toBigInteger())
                .isEqualTo(new BigInteger("136732923097551493579404309126273812335"));
        assertThat(HashKey.ofPartitionKey("partitionKey-1").toBigInteger())
                .isEqualTo(new BigInteger("159499196025307651934328298402289840726"));
    }

    @Test
    void routesToTheOpenShardWhoseInclusiveRangeHoldsTheKey() {
        BigInteger third = MAX.divide(BigInteger.valueOf(3));
        ShardRouter router = Shards.router(
                stream(List.of(
                        shard(0, BigInteger.ZERO, MAX, 5L),
                        shard(3, third.add(BigInteger.ONE), MAX, null),
                        shard(2, BigInteger.ZERO, third, null))),
                0);

        assertThat(router.route(HashKey.MIN)).isEqualTo(2);
        assertThat(router.route(HashKey.of(third))).isEqualTo(2);
        assertThat(router.route(HashKey.of(third.add(BigInteger.ONE)))).isEqualTo(3);
        assertThat(router.route(HashKey.MAX)).isEqualTo(3);
    }

    @Test
    void aReshardMovesTheParentsRangeToTheChildrenAtItsCutoverInstant() {
        BigInteger half = MAX.shiftRight(1);
        ShardMetadata parent = ShardMetadata.newBuilder(shard(0, BigInteger.ZERO, MAX, null))
                .setClosingAtMillis(1_000L)
                .build();
        StreamMetadata splitting =
                stream(List.of(parent, child(1, BigInteger.ZERO, half), child(2, half.add(BigInteger.ONE), MAX)));

        assertThat(Shards.router(splitting, 999).route(HashKey.MAX)).isZero();
        assertThat(Shards.nextCutover(splitting, 999)).isEqualTo(1_000L);
        ShardRouter after = Shards.router(splitting, 1_000);
        assertThat(after.route(HashKey.MIN)).isEqualTo(1);
        assertThat(after.route(HashKey.MAX)).isEqualTo(2);
        assertThat(Shards.nextCutover(splitting, 1_000)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void duringARoundTheListingShowsTheMapBeforeItAndAfterItTheChildren() {
        BigInteger half = MAX.shiftRight(1);
        ShardMetadata closing = ShardMetadata.newBuilder(shard(0, BigInteger.ZERO, MAX, null))
                .setClosingAtMillis(1_000L)
                .build();
        ShardMetadata left = child(1, BigInteger.ZERO, half);
        ShardMetadata right = child(2, half.add(BigInteger.ONE), MAX);
        StreamMetadata splitting = stream(List.of(closing, left, right));
        // Hidden even past the cutover, while they already take writes: the round has not ended.
        assertThat(Shards.router(splitting, 1_000).route(HashKey.MIN)).isEqualTo(1);
        assertThat(splitting.getShards())
                .filteredOn(s -> Shards.isListed(splitting, s))
                .extracting(ShardMetadata::getIndex)
                .containsExactly(0);

        ShardMetadata closed = ShardMetadata.newBuilder(closing)
                .setClosedAtMillis(2_000L)
                .setEndOffset(7L)
                .build();
        StreamMetadata split = stream(List.of(closed, left, right));
        assertThat(split.getShards())
                .filteredOn(s -> Shards.isListed(split, s))
                .extracting(ShardMetadata::getIndex)
                .containsExactly(0, 1, 2);
    }

    @Test
    void aKeyInAGapOfTheOpenRangesHasNoShard() {
        ShardRouter router = Shards.router(stream(List.of(shard(0, BigInteger.ZERO, BigInteger.TEN, null))), 0);
        assertThat(router.route(HashKey.of(BigInteger.valueOf(11)))).isEqualTo(-1);
    }

    private static StreamMetadata stream(List<ShardMetadata> shards) {
        return StreamMetadata.newBuilder()
                .setName("s")
                .setIncarnation("i")
                .setVersion(1)
                .setStatus(StreamStatus.ACTIVE)
                .setTopic("topic-s")
                .setCreatedAtMillis(0)
                .setShards(shards)
                .build();
    }

    private static ShardMetadata child(int index, BigInteger start, BigInteger end) {
        return ShardMetadata.newBuilder(shard(index, start, end, null))
                .setParentIndex(0)
                .build();
    }

    private static ShardMetadata shard(int index, BigInteger start, BigInteger end, Long closedAt) {
        return ShardMetadata.newBuilder()
                .setIndex(index)
                .setStartingHashKey(start.toString())
                .setEndingHashKey(end.toString())
                .setCreatedAtMillis(0)
                .setClosedAtMillis(closedAt)
                .build();
    }
}

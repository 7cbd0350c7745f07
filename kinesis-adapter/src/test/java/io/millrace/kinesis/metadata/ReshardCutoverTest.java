package io.millrace.kinesis.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.kinesis.lifecycle.ReshardPlan;
import io.millrace.kinesis.lifecycle.ReshardTiming;
import io.millrace.kinesis.model.Shards;
import io.millrace.kinesis.model.routing.HashKey;
import io.millrace.schemas.kinesis.ShardMetadata;
import io.millrace.schemas.kinesis.StreamMetadata;
import io.millrace.schemas.kinesis.StreamStatus;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A reshard moves its parents' ranges to the children at one instant written in the metadata, the same for every
 * gateway: before it a key goes to its parent, from it to its child, whichever gateway routes it.
 */
class ReshardCutoverTest {

    private static final long BEGUN = 1_000_000L;
    private static final long CUTOVER = BEGUN + ReshardTiming.CUTOVER_DELAY.toMillis();
    private static final BigInteger MAX = HashKey.MAX_VALUE;
    private static final BigInteger MIDDLE = MAX.shiftRight(1);

    @Test
    void aSplitsParentTakesWritesUntilTheCutoverAndItsChildrenFromIt() {
        StreamMetadata splitting = begin(
                ReshardPlan.split(shard(0, BigInteger.ZERO, MAX), MIDDLE), List.of(shard(0, BigInteger.ZERO, MAX)));

        assertThat(CUTOVER - BEGUN)
                .as("cutover ahead of the routing lease")
                .isGreaterThan(ReshardTiming.ROUTING_LEASE.toMillis());
        assertThat(Shards.closing(splitting))
                .extracting(ShardMetadata::getClosingAtMillis)
                .containsExactly(CUTOVER);
        assertThat(indexes(Shards.writableAt(splitting, BEGUN))).containsExactly(0);
        assertThat(indexes(Shards.writableAt(splitting, CUTOVER - 1))).containsExactly(0);
        assertThat(indexes(Shards.writableAt(splitting, CUTOVER))).containsExactly(1, 2);
        assertThat(Shards.nextCutover(splitting, BEGUN)).isEqualTo(CUTOVER);
        assertThat(Shards.nextCutover(splitting, CUTOVER)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aMergesParentsBothTakeWritesUntilTheCutover() {
        ShardMetadata low = shard(0, BigInteger.ZERO, MIDDLE);
        ShardMetadata high = shard(1, MIDDLE.add(BigInteger.ONE), MAX);
        StreamMetadata merging = begin(ReshardPlan.merge(low, high), List.of(low, high));

        assertThat(Shards.router(merging, CUTOVER - 1).route(HashKey.MIN)).isZero();
        assertThat(Shards.router(merging, CUTOVER - 1).route(HashKey.MAX)).isEqualTo(1);
        assertThat(Shards.router(merging, CUTOVER).route(HashKey.MIN)).isEqualTo(2);
        assertThat(Shards.router(merging, CUTOVER).route(HashKey.MAX)).isEqualTo(2);
    }

    @Test
    void aCachedRouterIsRebuiltAtTheCutoverWithoutANewMetadataVersion() {
        StreamMetadata splitting = begin(
                ReshardPlan.split(shard(0, BigInteger.ZERO, MAX), MIDDLE), List.of(shard(0, BigInteger.ZERO, MAX)));
        StreamRouters routers = new StreamRouters();

        assertThat(routers.routerFor(splitting, BEGUN).route(HashKey.MAX)).isZero();
        assertThat(routers.routerFor(splitting, CUTOVER).route(HashKey.MAX)).isEqualTo(2);
        assertThat(routers.routerFor(splitting, CUTOVER + 1).route(HashKey.MIN)).isEqualTo(1);
    }

    @Test
    void onceTheParentIsClosedItsChildrenTakeWritesWhateverTheClock() {
        StreamMetadata splitting = begin(
                ReshardPlan.split(shard(0, BigInteger.ZERO, MAX), MIDDLE), List.of(shard(0, BigInteger.ZERO, MAX)));
        ShardMetadata closedParent = ShardMetadata.newBuilder(
                        splitting.getShards().get(0))
                .setClosedAtMillis(CUTOVER + 3_000)
                .setEndOffset(10L)
                .build();
        StreamMetadata active = StreamMetadata.newBuilder(splitting)
                .setStatus(StreamStatus.ACTIVE)
                .setShards(List.of(
                        closedParent,
                        splitting.getShards().get(1),
                        splitting.getShards().get(2)))
                .build();

        assertThat(indexes(Shards.writableAt(active, BEGUN))).containsExactly(1, 2);
        assertThat(Shards.nextCutover(active, BEGUN)).isEqualTo(Long.MAX_VALUE);
    }

    private static StreamMetadata begin(ReshardPlan plan, List<ShardMetadata> shards) {
        StreamMetadata.Builder next = StreamMetadata.newBuilder()
                .setName("s")
                .setIncarnation("i")
                .setVersion(1)
                .setStatus(StreamStatus.ACTIVE)
                .setTopic("s")
                .setCreatedAtMillis(0)
                .setShards(shards);
        plan.applyTo(next, BEGUN);
        return next.build();
    }

    private static ShardMetadata shard(int index, BigInteger start, BigInteger end) {
        return ShardMetadata.newBuilder()
                .setIndex(index)
                .setStartingHashKey(start.toString())
                .setEndingHashKey(end.toString())
                .setCreatedAtMillis(0)
                .build();
    }

    private static List<Integer> indexes(List<ShardMetadata> shards) {
        return shards.stream().map(ShardMetadata::getIndex).toList();
    }
}

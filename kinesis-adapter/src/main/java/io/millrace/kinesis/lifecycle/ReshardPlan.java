package io.millrace.kinesis.lifecycle;

import io.millrace.kinesis.model.Shards;
import io.millrace.schemas.kinesis.ShardMetadata;
import io.millrace.schemas.kinesis.StreamMetadata;
import io.millrace.schemas.kinesis.StreamStatus;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One round of a reshard: the open shards it closes and the children that take over their ranges. Children get
 * the next shard indexes (= the next Kafka partitions) in the order given; each names at most two parents, as
 * Kinesis lineage allows. Pure: preconditions phrased for users are checked by the callers.
 */
public record ReshardPlan(List<Integer> parents, List<Child> children) {

    /** A new shard: its inclusive hash key range and its parent(s). */
    public record Child(BigInteger start, BigInteger end, int parent, Integer adjacentParent) {}

    /** SplitShard: the parent's range cut before {@code newStart}. */
    public static ReshardPlan split(ShardMetadata parent, BigInteger newStart) {
        BigInteger start = new BigInteger(parent.getStartingHashKey());
        BigInteger end = new BigInteger(parent.getEndingHashKey());
        return new ReshardPlan(
                List.of(parent.getIndex()),
                List.of(
                        new Child(start, newStart.subtract(BigInteger.ONE), parent.getIndex(), null),
                        new Child(newStart, end, parent.getIndex(), null)));
    }

    /** MergeShards: one child over both ranges; ShardToMerge is its parent, the other its adjacent parent. */
    public static ReshardPlan merge(ShardMetadata shard, ShardMetadata adjacent) {
        BigInteger a = new BigInteger(shard.getStartingHashKey());
        BigInteger b = new BigInteger(adjacent.getStartingHashKey());
        BigInteger start = a.min(b);
        BigInteger end = new BigInteger(shard.getEndingHashKey()).max(new BigInteger(adjacent.getEndingHashKey()));
        return new ReshardPlan(
                List.of(shard.getIndex(), adjacent.getIndex()),
                List.of(new Child(start, end, shard.getIndex(), adjacent.getIndex())));
    }

    /** Two shards are adjacent when their ranges touch with no gap (MergeShards' rule). */
    public static boolean adjacent(ShardMetadata a, ShardMetadata b) {
        BigInteger aEnd = new BigInteger(a.getEndingHashKey());
        BigInteger bEnd = new BigInteger(b.getEndingHashKey());
        return aEnd.add(BigInteger.ONE).equals(new BigInteger(b.getStartingHashKey()))
                || bEnd.add(BigInteger.ONE).equals(new BigInteger(a.getStartingHashKey()));
    }

    /** Partitions the topic needs once this plan is applied to {@code stream}. */
    public int partitionsNeeded(StreamMetadata stream) {
        return nextIndex(stream) + children.size();
    }

    private static int nextIndex(StreamMetadata stream) {
        return stream.getShards().stream()
                        .mapToInt(ShardMetadata::getIndex)
                        .max()
                        .orElse(-1)
                + 1;
    }

    /**
     * The first compare-and-set of a round: the stream goes UPDATING, the children are added open and the parents
     * marked closing, with the cutover instant at which writes move from the parents to the children (see
     * {@link Shards#takesWritesAt}).
     */
    public void applyTo(StreamMetadata.Builder next, long now) {
        StreamMetadata current = next.build();
        Set<Integer> closing = new HashSet<>(parents);
        List<ShardMetadata> shards = new ArrayList<>();
        for (ShardMetadata shard : current.getShards()) {
            if (closing.contains(shard.getIndex())) {
                if (!Shards.isCurrent(shard)) {
                    throw new IllegalStateException("shard " + shard.getIndex() + " is not open");
                }
                shards.add(ShardMetadata.newBuilder(shard)
                        .setClosingAtMillis(now + ReshardTiming.CUTOVER_DELAY.toMillis())
                        .build());
            } else {
                shards.add(shard);
            }
        }
        int index = nextIndex(current);
        for (Child child : children) {
            shards.add(ShardMetadata.newBuilder()
                    .setIndex(index++)
                    .setParentIndex(child.parent())
                    .setAdjacentParentIndex(child.adjacentParent())
                    .setStartingHashKey(child.start().toString())
                    .setEndingHashKey(child.end().toString())
                    .setCreatedAtMillis(now)
                    .build());
        }
        next.setShards(shards).setStatus(StreamStatus.UPDATING);
    }
}

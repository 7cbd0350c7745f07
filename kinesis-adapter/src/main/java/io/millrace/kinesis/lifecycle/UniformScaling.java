package io.millrace.kinesis.lifecycle;

import io.millrace.kinesis.model.Shards;
import io.millrace.kinesis.model.routing.HashKeyRange;
import io.millrace.schemas.kinesis.ShardMetadata;
import io.millrace.schemas.kinesis.StreamMetadata;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * UpdateShardCount with UNIFORM_SCALING as a sequence of reshard rounds, because a Kinesis child names at most two
 * parents and a reader must be able to finish every parent of a key range before its child: closing all shards
 * and opening even ranges at once would give some children three parents (for example 5 to 3 shards). So:
 * first a round that splits every open shard at the target boundaries inside it, then rounds that merge adjacent
 * pairs inside each target range until each holds one shard. Like AWS, this creates short-lived shards.
 */
public final class UniformScaling {

    private UniformScaling() {}

    /** The next round toward {@code target} even ranges; empty when the open shards already are exactly those. */
    public static Optional<ReshardPlan> nextRound(StreamMetadata stream, int target) {
        List<ShardMetadata> open = new ArrayList<>(Shards.current(stream));
        open.sort(Comparator.comparing(s -> new BigInteger(s.getStartingHashKey())));
        List<BigInteger> boundaries = HashKeyRange.evenSplit(target).stream()
                .map(range -> range.start().toBigInteger())
                .toList();

        List<Integer> parents = new ArrayList<>();
        List<ReshardPlan.Child> children = new ArrayList<>();
        for (ShardMetadata shard : open) {
            BigInteger start = new BigInteger(shard.getStartingHashKey());
            BigInteger end = new BigInteger(shard.getEndingHashKey());
            List<BigInteger> cuts = boundaries.stream()
                    .filter(b -> b.compareTo(start) > 0 && b.compareTo(end) <= 0)
                    .toList();
            if (cuts.isEmpty()) {
                continue;
            }
            parents.add(shard.getIndex());
            BigInteger from = start;
            for (BigInteger cut : cuts) {
                children.add(new ReshardPlan.Child(from, cut.subtract(BigInteger.ONE), shard.getIndex(), null));
                from = cut;
            }
            children.add(new ReshardPlan.Child(from, end, shard.getIndex(), null));
        }
        if (!parents.isEmpty()) {
            return Optional.of(new ReshardPlan(parents, children));
        }

        // No open shard crosses a target boundary: merge neighbours that share a target range, pairwise.
        for (int i = 0; i + 1 < open.size(); ) {
            ShardMetadata a = open.get(i);
            ShardMetadata b = open.get(i + 1);
            if (targetOf(a, boundaries) == targetOf(b, boundaries)) {
                parents.add(a.getIndex());
                parents.add(b.getIndex());
                children.add(ReshardPlan.merge(a, b).children().get(0));
                i += 2;
            } else {
                i++;
            }
        }
        return parents.isEmpty() ? Optional.empty() : Optional.of(new ReshardPlan(parents, children));
    }

    private static int targetOf(ShardMetadata shard, List<BigInteger> boundaries) {
        BigInteger start = new BigInteger(shard.getStartingHashKey());
        int index = 0;
        for (int i = 0; i < boundaries.size(); i++) {
            if (boundaries.get(i).compareTo(start) <= 0) {
                index = i;
            }
        }
        return index;
    }
}

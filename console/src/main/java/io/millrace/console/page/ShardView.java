package io.millrace.console.page;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One shard as ListShards describes it, what the stream page draws and acts on: its hash-key range, open or closed,
 * and its parents across a split (one parent) or a merge (a parent and an adjacent parent).
 */
record ShardView(String id, BigInteger start, BigInteger end, boolean closed, List<String> parents) {

    /** Hash keys run from 0 to 2^128 - 1. */
    static final BigInteger KEY_SPACE = BigInteger.ONE.shiftLeft(128);

    /** The shards of a ListShards output, in hash-key order (then creation order, as shard ids sort). */
    static List<ShardView> of(JsonNode listShards) {
        List<ShardView> shards = new ArrayList<>();
        for (JsonNode shard : listShards.path("Shards")) {
            List<String> parents = new ArrayList<>(2);
            for (String parent : new String[] {"ParentShardId", "AdjacentParentShardId"}) {
                if (shard.hasNonNull(parent)) {
                    parents.add(shard.path(parent).asText());
                }
            }
            shards.add(new ShardView(
                    shard.path("ShardId").asText(),
                    hashKey(shard.path("HashKeyRange").path("StartingHashKey")),
                    hashKey(shard.path("HashKeyRange").path("EndingHashKey")),
                    shard.path("SequenceNumberRange").has("EndingSequenceNumber"),
                    List.copyOf(parents)));
        }
        shards.sort(Comparator.comparing(ShardView::start).thenComparing(ShardView::id));
        return shards;
    }

    /**
     * The hash key that splits this shard into two halves of its range, the default NewStartingHashKey as the
     * Kinesis console proposes it (AWS: "a value halfway between the starting and ending hash key").
     */
    BigInteger midpoint() {
        return start.add(end.subtract(start).add(BigInteger.ONE).shiftRight(1));
    }

    /** Whether {@code next} starts right where this shard ends, as MergeShards requires of two open shards. */
    boolean adjacentTo(ShardView next) {
        return end.add(BigInteger.ONE).equals(next.start);
    }

    /** Where the range starts, as a fraction of the key space. */
    double startFraction() {
        return fraction(start);
    }

    /** The range's width as a fraction of the key space. */
    double widthFraction() {
        return fraction(end.subtract(start).add(BigInteger.ONE));
    }

    private static double fraction(BigInteger key) {
        return key.doubleValue() / KEY_SPACE.doubleValue();
    }

    private static BigInteger hashKey(JsonNode key) {
        try {
            return new BigInteger(key.asText("0"));
        } catch (NumberFormatException e) {
            return BigInteger.ZERO;
        }
    }
}

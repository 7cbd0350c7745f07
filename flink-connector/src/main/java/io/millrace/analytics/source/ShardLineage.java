package io.millrace.analytics.source;

import io.millrace.schemas.kinesis.ShardMetadata;
import io.millrace.schemas.kinesis.StreamMetadata;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The shards of a stream as the metadata topic lists them: their parents, and where the closed ones end. */
final class ShardLineage {

    /** A shard: its partition, its parents (none, one after a split, two after a merge), its end once closed. */
    record Shard(int index, List<Integer> parents, Long endOffset) {
        boolean closed() {
            return endOffset != null;
        }
    }

    private final String topic;
    private final Map<Integer, Shard> shards;

    ShardLineage(String topic, Map<Integer, Shard> shards) {
        this.topic = topic;
        this.shards = Collections.unmodifiableMap(new TreeMap<>(shards));
    }

    static ShardLineage of(StreamMetadata metadata) {
        Map<Integer, Shard> shards = new TreeMap<>();
        for (ShardMetadata shard : metadata.getShards()) {
            List<Integer> parents = new ArrayList<>(2);
            if (shard.getParentIndex() != null) {
                parents.add(shard.getParentIndex());
            }
            if (shard.getAdjacentParentIndex() != null) {
                parents.add(shard.getAdjacentParentIndex());
            }
            // The end offset is set with closedAtMillis, in the reshard's last step; a closing shard may still get
            // writes.
            Long end = shard.getClosedAtMillis() == null ? null : shard.getEndOffset();
            shards.put(shard.getIndex(), new Shard(shard.getIndex(), List.copyOf(parents), end));
        }
        return new ShardLineage(metadata.getTopic().toString(), shards);
    }

    String topic() {
        return topic;
    }

    /** Every shard, by index (creation order: parents before their children). */
    Map<Integer, Shard> shards() {
        return shards;
    }

    /**
     * Whether a shard may be read now: each parent is finished or no longer listed (its data expired with the
     * retention period, so there is nothing left to read before the child).
     */
    boolean parentsDone(int index, Set<Integer> finished) {
        Shard shard = shards.get(index);
        if (shard == null) {
            return false;
        }
        for (int parent : shard.parents()) {
            if (shards.containsKey(parent) && !finished.contains(parent)) {
                return false;
            }
        }
        return true;
    }
}

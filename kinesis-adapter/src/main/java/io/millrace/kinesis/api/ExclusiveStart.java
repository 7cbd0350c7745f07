package io.millrace.kinesis.api;

import io.millrace.kinesis.model.ShardId;

/**
 * Where a listing resumes after ExclusiveStartShardId (DescribeStream, ListShards, ShardFilter AFTER_SHARD_ID).
 * AWS lists "the shards starting with the shard whose ID immediately follows ExclusiveStartShardId" (API
 * reference): an order, not a lookup, so the named shard need not exist. Shard ids are zero-padded, so their text
 * order is their index order, and any text (an expired shard, {@code shardId-999999999999}, anything the pattern
 * allows) has a well-defined place in it.
 */
final class ExclusiveStart {

    private ExclusiveStart() {}

    /** The largest shard index whose id sorts at or before {@code shardId}; -1 when every id sorts after it. */
    static int afterIndex(String shardId) {
        int parsed = ShardId.parse(shardId);
        if (parsed >= 0 && ShardId.format(parsed).equals(shardId)) {
            return parsed;
        }
        if (ShardId.format(0).compareTo(shardId) > 0) {
            return -1;
        }
        // Binary search over the monotone order of ids: lo sorts at or before shardId, hi after it (or past ints).
        long lo = 0;
        long hi = (long) Integer.MAX_VALUE + 1;
        while (hi - lo > 1) {
            long mid = (lo + hi) >>> 1;
            if (ShardId.format((int) mid).compareTo(shardId) <= 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (int) lo;
    }
}

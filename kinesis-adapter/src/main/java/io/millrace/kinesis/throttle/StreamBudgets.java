package io.millrace.kinesis.throttle;

import java.util.Arrays;

/**
 * The budgets of one stream's shards, indexed by shard number. Lookups are a volatile read and an array access, so
 * the per-record path allocates nothing; a shard's budgets are created on first use, under a lock, copy-on-write, so
 * that two racing first callers cannot each get a full budget of their own.
 */
final class StreamBudgets {

    record Shard(ShardWriteBudget write, ShardReadBudget read) {}

    private volatile Shard[] shards = new Shard[0];

    Shard shard(int index, long nowNanos) {
        Shard[] current = shards;
        if (index < current.length) {
            Shard shard = current[index];
            if (shard != null) {
                return shard;
            }
        }
        return create(index, nowNanos);
    }

    private synchronized Shard create(int index, long nowNanos) {
        Shard[] current = shards;
        if (index < current.length && current[index] != null) {
            return current[index];
        }
        Shard[] grown = Arrays.copyOf(current, Math.max(current.length, index + 1));
        Shard shard = new Shard(new ShardWriteBudget(nowNanos), new ShardReadBudget(nowNanos));
        grown[index] = shard;
        shards = grown;
        return shard;
    }
}

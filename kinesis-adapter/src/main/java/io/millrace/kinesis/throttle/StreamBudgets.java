package io.millrace.kinesis.throttle;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The budgets of one stream's shards, indexed by shard number. Lookups are a volatile read and an array access, so
 * the per-record path allocates nothing; a shard's budgets are created on first use, under a lock, copy-on-write, so
 * that two racing first callers cannot each get a full budget of their own.
 */
final class StreamBudgets {

    record Shard(ShardWriteBudget write, ShardReadBudget read) {}

    private record ConsumerShard(String consumer, int shard) {}

    private volatile Shard[] shards = new Shard[0];
    /** Enhanced fan-out budgets, per consumer and shard: created at a consumer's first subscription to a shard. */
    private final ConcurrentHashMap<ConsumerShard, FanOutBudget> fanOut = new ConcurrentHashMap<>();

    FanOutBudget fanOut(String consumer, int shard, long nowNanos) {
        return fanOut.computeIfAbsent(new ConsumerShard(consumer, shard), key -> new FanOutBudget(nowNanos));
    }

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

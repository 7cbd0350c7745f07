package io.millrace.kinesis.throttle;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Enforces Kinesis's per-shard throughput quotas (see {@link ShardQuotas} for AWS's figures): 1,000 records and
 * 1 MiB per second written, 5 GetRecords calls and 2 MiB per second read. The gateway asks before serving and
 * answers {@code ProvisionedThroughputExceededException} on a refusal, as AWS does, so applications tuned against
 * AWS (the KPL, the KCL, backoff settings) see the same pushback here.
 *
 * <p>Enhanced fan-out's 2 MiB/s per consumer and shard paces subscriptions ({@link #fanOutWaitNanos}).
 *
 * <p>Each gateway admits against its own budgets; with several gateways on one cluster, what the others admitted
 * reaches this one through {@link #debitPeers} (see the {@code usage} package), a fraction of a second late, so the
 * quotas hold for the shard as a whole within the bound the module's README states.
 *
 * <p>Thread-safe. Called for every record: lookups allocate nothing, and shards do not contend with each other.
 */
public final class ShardThroughputLimiter {

    private final boolean enforced;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<String, StreamBudgets> streams = new ConcurrentHashMap<>();

    /**
     * @param enforced  false: every call is allowed and nothing is tracked
     * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime} in production)
     */
    public ShardThroughputLimiter(boolean enforced, LongSupplier nanoClock) {
        this.enforced = enforced;
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /**
     * Admits one record of {@code bytes} (data plus partition key, as AWS counts them) to a shard.
     *
     * @return false when the shard is over its write quota; then nothing is debited
     */
    public boolean tryWrite(String stream, int shard, int bytes) {
        if (!enforced) {
            return true;
        }
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative: " + bytes);
        }
        long now = nanoClock.getAsLong();
        return shard(stream, shard, now).write().tryWrite(bytes, now);
    }

    /** Admits one GetRecords call on a shard: at most 5 per second. */
    public boolean tryGetRecordsCall(String stream, int shard) {
        if (!enforced) {
            return true;
        }
        long now = nanoClock.getAsLong();
        return shard(stream, shard, now).read().tryCall(now);
    }

    /** Debits what a GetRecords call returned; may put the shard in debt, which refuses reads until repaid. */
    public void recordRead(String stream, int shard, long bytes) {
        if (!enforced) {
            return;
        }
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative: " + bytes);
        }
        long now = nanoClock.getAsLong();
        shard(stream, shard, now).read().recordRead(bytes, now);
    }

    /** False while the shard's read budget is in debt. */
    public boolean readBudgetAvailable(String stream, int shard) {
        if (!enforced) {
            return true;
        }
        long now = nanoClock.getAsLong();
        return shard(stream, shard, now).read().available(now);
    }

    /**
     * Debits what other gateways admitted on a shard (writes, GetRecords calls, bytes read) from this gateway's
     * budgets for it, so that all gateways together stay within the shard's quota. The budgets may go into debt:
     * this gateway then refuses the shard's traffic until the refill has repaid it.
     */
    public void debitPeers(
            String stream, int shard, long writeRecords, long writeBytes, long getRecordsCalls, long readBytes) {
        if (!enforced) {
            return;
        }
        if (writeRecords < 0 || writeBytes < 0 || getRecordsCalls < 0 || readBytes < 0) {
            throw new IllegalArgumentException("usage must not be negative");
        }
        long now = nanoClock.getAsLong();
        StreamBudgets.Shard budgets = shard(stream, shard, now);
        if (writeRecords > 0 || writeBytes > 0) {
            budgets.write().debit(writeRecords, writeBytes, now);
        }
        if (getRecordsCalls > 0) {
            budgets.read().debitCalls(getRecordsCalls, now);
        }
        if (readBytes > 0) {
            budgets.read().recordRead(readBytes, now);
        }
    }

    /**
     * Enhanced fan-out: takes {@code bytes} from a consumer's 2 MiB/s on a shard and answers 0, or answers how many
     * nanoseconds its subscription should wait before asking again (nothing taken). A subscriber is paced, never
     * refused.
     *
     * @param consumer the consumer's ARN (which names its stream, and its registration by the creation time)
     */
    public long fanOutWaitNanos(String stream, String consumer, int shard, long bytes) {
        if (!enforced) {
            return 0;
        }
        long now = nanoClock.getAsLong();
        return fanOutBudget(stream, consumer, shard, now).tryTake(bytes, now);
    }

    /**
     * Debits what a consumer's subscription to a shard sent through other gateways from its budget here, so that
     * all its subscriptions together stay within 2 MiB/s per shard; the budget may go into debt.
     */
    public void debitFanOutPeers(String stream, String consumer, int shard, long bytes) {
        if (!enforced || bytes <= 0) {
            return;
        }
        long now = nanoClock.getAsLong();
        fanOutBudget(stream, consumer, shard, now).debit(bytes, now);
    }

    private FanOutBudget fanOutBudget(String stream, String consumer, int shard, long now) {
        if (shard < 0) {
            throw new IllegalArgumentException("shard index must not be negative: " + shard);
        }
        return streams.computeIfAbsent(stream, name -> new StreamBudgets()).fanOut(consumer, shard, now);
    }

    /** Whether quotas are enforced at all ({@code millrace.kinesis.shard-limits=aws}). */
    public boolean enforced() {
        return enforced;
    }

    /**
     * Drops a deleted stream's budgets. A call racing with the deletion may recreate a small entry, which the next
     * {@code forget} removes; a stream created again under the same name starts with full budgets, as on AWS.
     */
    public void forget(String stream) {
        streams.remove(stream);
    }

    private StreamBudgets.Shard shard(String stream, int shard, long now) {
        if (shard < 0) {
            throw new IllegalArgumentException("shard index must not be negative: " + shard);
        }
        StreamBudgets budgets = streams.get(stream);
        if (budgets == null) {
            budgets = streams.computeIfAbsent(stream, name -> new StreamBudgets());
        }
        return budgets.shard(shard, now);
    }
}

package io.millrace.kinesis.throttle;

/**
 * One shard's write quota: records per second and bytes per second, debited together or not at all (a record
 * refused for bytes must not use up a record slot). One monitor per shard: writers to different shards never
 * contend, and since JDK 15 an uncontended monitor costs one compare-and-swap, like a lock-free bucket would.
 */
final class ShardWriteBudget {

    private final TokenBucket records;
    private final TokenBucket bytes;

    ShardWriteBudget(long nowNanos) {
        // One-second bursts: a shard idle for a while may take a full second's quota at once, as on AWS.
        this.records =
                new TokenBucket(ShardQuotas.WRITE_RECORDS_PER_SECOND, ShardQuotas.WRITE_RECORDS_PER_SECOND, nowNanos);
        this.bytes = new TokenBucket(ShardQuotas.WRITE_BYTES_PER_SECOND, ShardQuotas.WRITE_BYTES_PER_SECOND, nowNanos);
    }

    synchronized boolean tryWrite(int recordBytes, long nowNanos) {
        records.refill(nowNanos);
        bytes.refill(nowNanos);
        if (!records.canTake(1) || !bytes.canTake(recordBytes)) {
            return false;
        }
        records.take(1);
        bytes.take(recordBytes);
        return true;
    }

    /** Debits what other gateways wrote to the shard; may leave the budget in debt, refusing writes until repaid. */
    synchronized void debit(long recordCount, long byteCount, long nowNanos) {
        records.refill(nowNanos);
        bytes.refill(nowNanos);
        records.take(recordCount);
        bytes.take(byteCount);
    }
}

package io.millrace.kinesis.throttle;

/**
 * One registered consumer's read budget on one shard with enhanced fan-out: "each consumer registered to use
 * enhanced fan-out receives its own read throughput per shard, up to 2 MiB/sec, independently of other consumers"
 * (Kinesis Data Streams developer guide, "Reading Data from Amazon Kinesis Data Streams"). A second's worth is saved up while idle, as an
 * event carries at most that much. The subscription is paced by it, never refused; what the consumer's
 * subscriptions on other gateways sent is debited too, so the rate holds across gateways.
 */
final class FanOutBudget {

    static final long BYTES_PER_SECOND = ShardQuotas.READ_BYTES_PER_SECOND;

    private final TokenBucket bytes;

    FanOutBudget(long nowNanos) {
        this.bytes = new TokenBucket(BYTES_PER_SECOND, BYTES_PER_SECOND, nowNanos);
    }

    /**
     * Takes {@code size} bytes and answers 0 when the budget holds them (or is full, for more than a second's worth,
     * which leaves a debt); else takes nothing and answers how long to wait before asking again.
     */
    synchronized long tryTake(long size, long nowNanos) {
        bytes.refill(nowNanos);
        if (bytes.canTake(size)) {
            bytes.take(size);
            return 0;
        }
        return Math.max(1, bytes.nanosUntil(size));
    }

    /** What the consumer's subscriptions to the shard sent through other gateways; may leave a debt. */
    synchronized void debit(long size, long nowNanos) {
        bytes.refill(nowNanos);
        bytes.take(size);
    }
}

package io.millrace.kinesis.fanout;

import io.millrace.kinesis.throttle.ShardThroughputLimiter;
import io.millrace.kinesis.usage.ShardUsageTally;

/**
 * Enhanced fan-out's read rate for one subscription: each consumer gets up to 2 MiB/s per shard it subscribes to
 * (AWS API reference, RegisterStreamConsumer), separate from the shard's shared GetRecords budget. The budget is the
 * consumer's on this shard, kept by the limiter: a later subscription on this gateway continues it, and what the
 * consumer's subscriptions on other gateways sent is debited from it through the usage exchange, so the rate holds
 * for the consumer as a whole. The subscription's reader waits for its budget instead of failing: a subscriber is
 * never throttled with an error, only paced.
 */
final class FanOutRate {

    static final long BYTES_PER_SECOND = 2L * 1024 * 1024;

    private final ShardThroughputLimiter limiter;
    private final ShardUsageTally usage;
    private final String stream;
    private final String consumer;
    private final int shard;

    /** @param consumer the consumer's ARN */
    FanOutRate(ShardThroughputLimiter limiter, ShardUsageTally usage, String stream, String consumer, int shard) {
        this.limiter = limiter;
        this.usage = usage;
        this.stream = stream;
        this.consumer = consumer;
        this.shard = shard;
    }

    /**
     * Takes {@code bytes}, first waiting until the budget holds them (or is full, for a batch larger than a
     * second's worth, which then leaves a debt repaid before the next one). The wait is asked again after each
     * sleep: the other gateways' usage may have arrived meanwhile.
     */
    void acquire(long bytes) throws InterruptedException {
        long waitNanos;
        while ((waitNanos = limiter.fanOutWaitNanos(stream, consumer, shard, bytes)) > 0) {
            Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
        }
        usage.recordFanOut(stream, consumer, shard, bytes);
    }
}

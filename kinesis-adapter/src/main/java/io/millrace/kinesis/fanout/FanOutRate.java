package io.millrace.kinesis.fanout;

/**
 * Enhanced fan-out's read rate: each consumer gets up to 2 MiB/s per shard it subscribes to (AWS API reference,
 * RegisterStreamConsumer), separate from the shard's shared GetRecords budget. The subscription's reader waits
 * for its budget instead of failing: a subscriber is never throttled with an error, only paced.
 */
final class FanOutRate {

    static final long BYTES_PER_SECOND = 2L * 1024 * 1024;

    private final boolean enforced;
    private double available = BYTES_PER_SECOND;
    private long lastNanos = System.nanoTime();

    FanOutRate(boolean enforced) {
        this.enforced = enforced;
    }

    /**
     * Takes {@code bytes}, first waiting until the budget holds them (or is full, for a batch larger than a
     * second's worth, which then leaves a debt repaid before the next one).
     */
    void acquire(long bytes) throws InterruptedException {
        if (!enforced) {
            return;
        }
        refill();
        double needed = Math.min(bytes, BYTES_PER_SECOND);
        if (available < needed) {
            long waitNanos = (long) ((needed - available) * 1e9 / BYTES_PER_SECOND);
            Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
            refill();
        }
        available -= bytes;
    }

    private void refill() {
        long now = System.nanoTime();
        available = Math.min(BYTES_PER_SECOND, available + (now - lastNanos) * BYTES_PER_SECOND / 1e9);
        lastNanos = now;
    }
}

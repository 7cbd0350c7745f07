package io.millrace.firehose.delivery;

/** Exponential backoff between S3 write attempts: doubles on each failure, resets on the first success. */
public final class Backoff {
    private final long initialMillis;
    private final long maxMillis;
    private long currentMillis;
    private long nextAttemptAt;
    private int failures;

    public Backoff(long initialMillis, long maxMillis) {
        this.initialMillis = initialMillis;
        this.maxMillis = maxMillis;
    }

    public synchronized boolean ready(long now) {
        return now >= nextAttemptAt;
    }

    public synchronized long remaining(long now) {
        return Math.max(0, nextAttemptAt - now);
    }

    /** @return the consecutive failure count, 1 for the first failure of an outage */
    public synchronized int failed(long now) {
        currentMillis = failures == 0 ? initialMillis : Math.min(maxMillis, currentMillis * 2);
        nextAttemptAt = now + currentMillis;
        return ++failures;
    }

    /** @return how many failures this success ends (0 if none) */
    public synchronized int succeeded() {
        int ended = failures;
        failures = 0;
        currentMillis = 0;
        nextAttemptAt = 0;
        return ended;
    }
}

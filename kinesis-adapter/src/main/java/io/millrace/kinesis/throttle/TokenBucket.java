package io.millrace.kinesis.throttle;

/**
 * A token bucket refilled continuously at a fixed rate, in exact integer arithmetic: the balance is kept in
 * "unit-nanoseconds" (units times 10^9), so a rate such as 1 MiB/s, which is not a whole number of nanoseconds per
 * byte, still refills exactly and 1,048,576 one-byte debits fit in one second, not 1,048,575.
 *
 * <p>The balance may go negative (debt) through {@link #take}; it is then repaid by the refill before anything is
 * admitted again. Not thread-safe: its owner guards it, so that two buckets can be debited together or not at all.
 */
final class TokenBucket {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** Debt is bounded so that a runaway caller cannot overflow the balance; a minute of refill is far beyond AWS's
     * largest documented penalty (5 seconds after a 10 MiB read). */
    private static final long MAX_DEBT_SECONDS = 60;

    private final long ratePerSecond;
    private final long capacity;
    private final long floor;
    private final long maxUnits;
    private long balance;
    private long lastRefillNanos;

    /**
     * @param ratePerSecond units added per second
     * @param burstUnits    the most units saved up while idle (the bucket starts full)
     */
    TokenBucket(long ratePerSecond, long burstUnits, long nowNanos) {
        if (ratePerSecond <= 0 || burstUnits < 0) {
            throw new IllegalArgumentException("rate must be positive and burst non-negative");
        }
        this.ratePerSecond = ratePerSecond;
        this.capacity = burstUnits * NANOS_PER_SECOND;
        this.floor = -ratePerSecond * NANOS_PER_SECOND * MAX_DEBT_SECONDS;
        this.maxUnits = ratePerSecond * MAX_DEBT_SECONDS + burstUnits;
        this.balance = capacity;
        this.lastRefillNanos = nowNanos;
    }

    void refill(long nowNanos) {
        long elapsed = nowNanos - lastRefillNanos;
        if (elapsed <= 0) {
            return;
        }
        lastRefillNanos = nowNanos;
        long missing = capacity - balance;
        if (missing <= 0) {
            return;
        }
        // Compare before multiplying: after a long idle period elapsed * rate would overflow.
        if (elapsed >= missing / ratePerSecond + 1) {
            balance = capacity;
        } else {
            balance = Math.min(capacity, balance + elapsed * ratePerSecond);
        }
    }

    /**
     * Whether {@code units} may be admitted now. A debit larger than the whole burst is admitted only from a full
     * bucket (and leaves a debt), so oversized items pass at the sustained rate on average instead of never.
     */
    boolean canTake(long units) {
        long cost = scaled(units);
        return balance >= Math.min(cost, capacity);
    }

    /**
     * Nanoseconds until {@link #canTake} would admit {@code units} (0 when it does now), if nothing else is taken
     * meanwhile.
     */
    long nanosUntil(long units) {
        long missing = Math.min(scaled(units), capacity) - balance;
        return missing <= 0 ? 0 : (missing + ratePerSecond - 1) / ratePerSecond;
    }

    /** Debits unconditionally; the balance may go into debt. */
    void take(long units) {
        balance = Math.max(floor, balance - scaled(units));
    }

    boolean inDebt() {
        return balance < 0;
    }

    private long scaled(long units) {
        return Math.min(units, maxUnits) * NANOS_PER_SECOND;
    }
}

package io.millrace.bench.workload;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands out records to write until the count or the deadline is reached, whichever comes first: the one stop
 * condition of every writing loop, so no loop can run unbounded.
 */
public final class RecordBudget {

    private final long deadlineNanos;
    private final AtomicLong remaining;

    public RecordBudget(Duration duration, long maxRecords) {
        this.deadlineNanos = System.nanoTime() + duration.toNanos();
        this.remaining = new AtomicLong(maxRecords > 0 ? maxRecords : Long.MAX_VALUE);
    }

    /** Claims up to {@code wanted} records; 0 means stop. */
    public int claim(int wanted) {
        if (expired()) {
            return 0;
        }
        while (true) {
            long left = remaining.get();
            if (left <= 0) {
                return 0;
            }
            int granted = (int) Math.min(wanted, left);
            if (remaining.compareAndSet(left, left - granted)) {
                return granted;
            }
        }
    }

    public boolean expired() {
        return System.nanoTime() - deadlineNanos >= 0;
    }

    /** Nanoseconds until the deadline, 0 once passed. */
    public long nanosLeft() {
        return Math.max(0, deadlineNanos - System.nanoTime());
    }
}

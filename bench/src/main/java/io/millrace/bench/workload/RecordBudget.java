package io.millrace.bench.workload;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Hands out records to write until the count or the deadline is reached, whichever comes first: the one stop
 * condition of every writing loop, so no loop can run unbounded. With a rate, it also paces the writers (an open
 * loop): each claim is due when its first record's turn comes at that rate, counted from the budget's creation, and
 * the claiming thread waits until then. A writer that falls behind is not waited for, so a slow answer delays later
 * records only as far as the writers' number allows, and latencies are measured at the stated load rather than at
 * whatever load a saturated machine leaves.
 */
public final class RecordBudget {

    private final long startNanos;
    private final long deadlineNanos;
    private final AtomicLong remaining;
    private final double nanosPerRecord;
    private final AtomicLong scheduled = new AtomicLong();
    private final LongSupplier clock;
    private final LongConsumer sleeper;

    public RecordBudget(Duration duration, long maxRecords) {
        this(duration, maxRecords, 0);
    }

    /** @param ratePerSecond records per second across all claiming threads; 0 for no pacing */
    public RecordBudget(Duration duration, long maxRecords, double ratePerSecond) {
        this(duration, maxRecords, ratePerSecond, System::nanoTime, LockSupport::parkNanos);
    }

    /**
     * @param clock   monotonic nanoseconds
     * @param sleeper waits about the given nanoseconds (it may wake early: the claim checks the clock again)
     */
    RecordBudget(Duration duration, long maxRecords, double ratePerSecond, LongSupplier clock, LongConsumer sleeper) {
        if (ratePerSecond < 0 || Double.isNaN(ratePerSecond)) {
            throw new IllegalArgumentException("rate must be 0 or more, got " + ratePerSecond);
        }
        this.clock = clock;
        this.sleeper = sleeper;
        this.startNanos = clock.getAsLong();
        this.deadlineNanos = startNanos + duration.toNanos();
        this.remaining = new AtomicLong(maxRecords > 0 ? maxRecords : Long.MAX_VALUE);
        this.nanosPerRecord = ratePerSecond > 0 ? 1e9 / ratePerSecond : 0;
    }

    /** Claims up to {@code wanted} records, waiting for their turn if the budget paces; 0 means stop. */
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
                return nanosPerRecord > 0 && !awaitTurn(granted) ? 0 : granted;
            }
        }
    }

    /** Waits until the first of {@code records} is due; false if that is after the deadline. */
    private boolean awaitTurn(int records) {
        long due = startNanos + (long) (scheduled.getAndAdd(records) * nanosPerRecord);
        if (due - deadlineNanos >= 0) {
            return false;
        }
        long wait;
        while ((wait = due - clock.getAsLong()) > 0) {
            sleeper.accept(wait);
        }
        return true;
    }

    public boolean expired() {
        return clock.getAsLong() - deadlineNanos >= 0;
    }

    /** Nanoseconds until the deadline, 0 once passed. */
    public long nanosLeft() {
        return Math.max(0, deadlineNanos - clock.getAsLong());
    }
}

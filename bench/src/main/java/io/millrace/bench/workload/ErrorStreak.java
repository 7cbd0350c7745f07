package io.millrace.bench.workload;

/**
 * Counts consecutive failed calls of one client thread. A few failures are part of a load test (throttling,
 * a timeout); a long streak means the endpoint is down, and the run stops with the last error instead of spinning.
 */
final class ErrorStreak {

    static final int LIMIT = 10;
    private static final long PAUSE_MILLIS = 100;

    private final String what;
    private int streak;

    ErrorStreak(String what) {
        this.what = what;
    }

    void success() {
        streak = 0;
    }

    /** Pauses briefly, or throws once the streak reaches {@link #LIMIT}. */
    void failure(Exception e) {
        if (++streak >= LIMIT) {
            throw new BenchFailure(what + " failed " + LIMIT + " times in a row, last: " + e.getMessage(), e);
        }
        StreamAdmin.sleep(PAUSE_MILLIS * streak);
    }
}

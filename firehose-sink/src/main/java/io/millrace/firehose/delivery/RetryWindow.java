package io.millrace.firehose.delivery;

/**
 * The attempts at delivering one buffer to a destination that retries for RetryOptions.DurationInSeconds (an HTTP
 * endpoint, OpenSearch): failed attempts are retried until that long has passed since the first failure, then the
 * delivery gives up and the records go to the S3 error output. AWS: "the retry duration ... counted from the first
 * failed attempt"; 0 tries once. Not thread-safe: one task delivers a buffer at a time.
 */
public final class RetryWindow {
    private final long durationMillis;
    private long firstFailureMillis = -1;
    private int made;
    private long lastEndedMillis;
    private boolean gaveUp;

    public RetryWindow(long durationMillis) {
        this.durationMillis = durationMillis;
    }

    /** An attempt succeeded. */
    public void succeeded() {
        made++;
    }

    /**
     * An attempt ended failed at {@code nowMillis}: true while it may be retried, false once the window has passed
     * (the delivery has then given up, for good).
     */
    public boolean failedMayRetry(long nowMillis) {
        made++;
        lastEndedMillis = nowMillis;
        if (firstFailureMillis < 0) {
            firstFailureMillis = nowMillis;
        }
        gaveUp = nowMillis - firstFailureMillis >= durationMillis;
        return !gaveUp;
    }

    public boolean gaveUp() {
        return gaveUp;
    }

    /** Attempts made, as the error envelope's attemptsMade. */
    public int made() {
        return made;
    }

    /** When the last failed attempt ended, as the error envelope's attemptEndingTimestamp. */
    public long lastEndedMillis() {
        return lastEndedMillis;
    }
}

package io.millrace.gateway.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests that failed on a transient Kafka condition (a leader moving, a broker restarting, a request timing out):
 * clients retry them, as AWS SDKs retry InternalFailure, so operators need to know that they happen, not a stack
 * trace for each. One line per action and kind of error, then at most one line per {@link #WINDOW} with the count.
 */
final class TransientFailures {

    private static final Logger LOG = LoggerFactory.getLogger(TransientFailures.class);
    static final Duration WINDOW = Duration.ofSeconds(30);

    private record Window(AtomicLong startNanos, AtomicLong suppressed) {}

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;

    TransientFailures(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** The retriable Kafka error behind {@code error}, if that is what it is. */
    static RetriableException retriableCause(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RetriableException retriable) {
                return retriable;
            }
        }
        return null;
    }

    /** Logs the failure unless one like it was logged within the window; returns whether it logged. */
    boolean record(String action, RetriableException cause) {
        String key = action + "|" + cause.getClass().getName();
        long now = nanoTime.getAsLong();
        Window window =
                windows.computeIfAbsent(key, k -> new Window(new AtomicLong(now - WINDOW.toNanos()), new AtomicLong()));
        long start = window.startNanos().get();
        if (now - start < WINDOW.toNanos() || !window.startNanos().compareAndSet(start, now)) {
            window.suppressed().incrementAndGet();
            return false;
        }
        long suppressed = window.suppressed().getAndSet(0);
        LOG.warn(
                "{} failed on a transient Kafka error, answered InternalFailure for the client to retry: {}{}",
                action,
                cause.toString(),
                suppressed == 0 ? "" : " (" + suppressed + " more like it in the last " + WINDOW.toSeconds() + " s)");
        return true;
    }
}

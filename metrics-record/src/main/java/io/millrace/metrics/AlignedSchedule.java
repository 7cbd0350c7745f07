package io.millrace.metrics;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A publisher's run every interval on a daemon thread of its own, aligned on the interval (minute boundaries for a
 * minute) so that each run covers one whole period. A failed run is logged in one line and the next one goes on.
 */
public final class AlignedSchedule implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlignedSchedule.class);

    private final ScheduledExecutorService scheduler;

    /** {@code what}: the metrics the run publishes, for the log line of a failed run. */
    public AlignedSchedule(String threadName, String what, Clock clock, Duration interval, Runnable run) {
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        long intervalMs = interval.toMillis();
        long firstDelay = intervalMs - clock.millis() % intervalMs;
        Runnable safely = () -> {
            try {
                run.run();
            } catch (RuntimeException e) {
                LOG.warn("{} not published to CloudWatch this interval: {}", what, e.toString());
            }
        };
        scheduler.scheduleAtFixedRate(safely, firstDelay, intervalMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}

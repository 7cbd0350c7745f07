package io.millrace.cloudwatch.alarm;

import io.millrace.cloudwatch.cluster.ClusterMetricStore;
import io.millrace.cloudwatch.store.Stats;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.NavigableMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates every alarm periodically on the cluster's aggregates and writes a state that changed. Every gateway
 * evaluates, idempotently: each reads the same datapoints through {@link ClusterMetricStore}, and a state is written
 * by a compare-and-set that re-reads the alarm and writes nothing when it already has that state, so when several
 * gateways reach the same transition one record wins and the others write nothing. That needs no leader election
 * and keeps evaluating while any gateway lives, at the price of each gateway reading each alarm's metric once per
 * round. A state set by SetAlarmState returns to the evaluated one at the next round, as AWS says its alarms
 * "return to their actual state quickly".
 */
public final class AlarmEvaluator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlarmEvaluator.class);

    private final AlarmStore alarms;
    private final ClusterMetricStore metrics;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;

    public AlarmEvaluator(AlarmStore alarms, ClusterMetricStore metrics, Clock clock) {
        this.alarms = alarms;
        this.metrics = metrics;
        this.clock = clock;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "millrace-cloudwatch-alarms");
            thread.setDaemon(true);
            return thread;
        });
    }

    public void start(Duration interval) {
        scheduler.scheduleWithFixedDelay(
                this::evaluateAll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void evaluateAll() {
        int skipped = 0;
        String firstCause = null;
        for (Alarm alarm : alarms.alarms()) {
            try {
                evaluate(alarm);
            } catch (RuntimeException e) {
                // A store being rebalanced or a peer down: the next round tries again.
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                if (skipped++ == 0) {
                    firstCause = alarm.name() + ": " + cause;
                }
            }
        }
        if (skipped > 0) {
            LOG.info("{} alarms not evaluated this round (first {})", skipped, firstCause);
        }
        alarms.repair();
    }

    private void evaluate(Alarm alarm) {
        Instant now = clock.instant();
        Alarm.Definition definition = alarm.definition();
        NavigableMap<Instant, Stats> periods = metrics.buckets(
                definition.metric(),
                AlarmRule.rangeStart(definition, now),
                AlarmRule.rangeEnd(definition, now),
                definition.period(),
                definition.period() < 60);
        AlarmRule.Outcome outcome = AlarmRule.evaluate(definition, periods, now);
        if (outcome == null || outcome.state().equals(alarm.state().value())) {
            return;
        }
        long version = alarm.version();
        // Whether the last attempt of the compare-and-set wrote: then this gateway's record is the transition.
        boolean[] wrote = new boolean[1];
        Alarm written = alarms.update(alarm.name(), current -> {
                    // Deleted, redefined or already moved by another gateway since read: leave it to the next round.
                    wrote[0] = current != null && current.version() == version;
                    if (!wrote[0]) {
                        return null;
                    }
                    return current.withState(current.state()
                            .next(outcome.state(), outcome.reason(), outcome.reasonData(), now.toEpochMilli()));
                })
                .join();
        if (wrote[0]) {
            alarms.record(alarm.name(), AlarmHistory.stateUpdate(alarm.state(), written.state()))
                    .join();
            LOG.info("Alarm {} {} -> {}", alarm.name(), alarm.state().value(), outcome.state());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}

package io.millrace.analytics.application;

import io.millrace.metrics.AlignedSchedule;
import io.millrace.metrics.MetricSample;
import io.millrace.metrics.MetricSink;
import io.millrace.schemas.analytics.ApplicationMetadata;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the figures of every RUNNING application's Flink job as AWS's Managed Service for Apache Flink does
 * (namespace {@code AWS/KinesisAnalytics}, dimension Application, the units of
 * https://docs.aws.amazon.com/managed-flink/latest/java/metrics-dimensions.html), once an interval (a minute, aligned
 * on the minute), one sample each: uptime, downtime (Milliseconds), fullRestarts and numRestarts (Count: Flink 2's
 * numRestarts, which AWS names fullRestarts before Flink 2.2), numberOfFailedCheckpoints (Count),
 * lastCheckpointDuration (Milliseconds) and lastCheckpointSize (Bytes) once a checkpoint completed, numRecordsIn and
 * numRecordsOut (Count: the records of the interval, so that Sum over any period is that period's, and over the
 * job's life its total), numRecordsInPerSecond and numRecordsOutPerSecond (Count/Second, Flink's rates at the time).
 * A job this gateway's Flink cluster does not know (another gateway's embedded cluster) is skipped: the gateway
 * that runs it publishes it.
 */
final class ApplicationMetricsPublisher implements AutoCloseable {

    static final String NAMESPACE = "AWS/KinesisAnalytics";

    private static final Logger LOG = LoggerFactory.getLogger(ApplicationMetricsPublisher.class);

    private final ApplicationStore store;
    private final FlinkJobFigures flink;
    private final CompletableFuture<?> clusterReady;
    private final MetricSink sink;
    private final Clock clock;
    /** Each job's records in and out as last read, for the interval's figure. */
    private final Map<String, long[]> lastTotals = new HashMap<>();

    private final AlignedSchedule schedule;

    ApplicationMetricsPublisher(
            ApplicationStore store,
            FlinkJobFigures flink,
            CompletableFuture<?> clusterReady,
            MetricSink sink,
            Clock clock,
            Duration interval) {
        this.store = store;
        this.flink = flink;
        this.clusterReady = clusterReady;
        this.sink = sink;
        this.clock = clock;
        this.schedule = new AlignedSchedule(
                "millrace-analytics-cloudwatch", "Application metrics", clock, interval, this::publish);
    }

    synchronized void publish() {
        if (!clusterReady.isDone() || clusterReady.isCompletedExceptionally()) {
            return;
        }
        long stamp = clock.millis() - 1;
        List<MetricSample> samples = new ArrayList<>();
        Map<String, long[]> seen = new HashMap<>();
        for (ApplicationMetadata app : store.applications()) {
            if (!Status.RUNNING.equals(app.getStatus()) || app.getJobId() == null || app.getResumeFrom() != null) {
                continue;
            }
            FlinkJobFigures.Figures figures;
            try {
                figures = flink.read(app.getJobId());
            } catch (IOException e) {
                LOG.debug("Application {}: no figures from job {}: {}", app.getName(), app.getJobId(), e.toString());
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long[] last = lastTotals.getOrDefault(app.getJobId(), new long[2]);
            seen.put(app.getJobId(), new long[] {figures.recordsIn(), figures.recordsOut()});
            Figure figure = new Figure(app.getName(), stamp, samples);
            figure.add("uptime", "Milliseconds", figures.uptimeMs());
            figure.add("downtime", "Milliseconds", figures.downtimeMs());
            figure.add("fullRestarts", "Count", figures.restarts());
            figure.add("numRestarts", "Count", figures.restarts());
            figure.add("numberOfFailedCheckpoints", "Count", figures.failedCheckpoints());
            if (figures.lastCheckpointDurationMs() >= 0) {
                figure.add("lastCheckpointDuration", "Milliseconds", figures.lastCheckpointDurationMs());
                figure.add("lastCheckpointSize", "Bytes", figures.lastCheckpointSizeBytes());
            }
            // A restarted job counts from 0 again: its whole count is the interval's.
            figure.add("numRecordsIn", "Count", delta(figures.recordsIn(), last[0]));
            figure.add("numRecordsOut", "Count", delta(figures.recordsOut(), last[1]));
            figure.add("numRecordsInPerSecond", "Count/Second", figures.recordsInPerSecond());
            figure.add("numRecordsOutPerSecond", "Count/Second", figures.recordsOutPerSecond());
        }
        lastTotals.keySet().retainAll(seen.keySet());
        lastTotals.putAll(seen);
        if (!samples.isEmpty()) {
            sink.publish(samples);
        }
    }

    private static long delta(long total, long last) {
        return total >= last ? total - last : total;
    }

    /** The samples of one application at one time. */
    private record Figure(String application, long stamp, List<MetricSample> samples) {
        void add(String metricName, String unit, double value) {
            samples.add(new MetricSample(
                    NAMESPACE,
                    metricName,
                    new TreeMap<>(Map.of("Application", application)),
                    unit,
                    stamp,
                    1,
                    value,
                    value,
                    value));
        }
    }

    @Override
    public void close() {
        schedule.close();
    }
}

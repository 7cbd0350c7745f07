package io.millrace.firehose.metrics;

import io.millrace.gateway.metrics.MetricSample;
import io.millrace.gateway.metrics.MetricSink;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes this gateway's Direct PUT traffic as AWS publishes it to CloudWatch (namespace {@code AWS/Firehose},
 * dimension DeliveryStreamName, https://docs.aws.amazon.com/firehose/latest/dev/monitoring-with-cloudwatch-metrics.html):
 * the figures of {@link DeliveryStreamFigures} every interval (a minute). Every gateway publishes its own share; the
 * CloudWatch API sums them per minute. One scheduler thread, never a Kafka send per request.
 */
public final class CloudWatchPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CloudWatchPublisher.class);
    public static final String NAMESPACE = "AWS/Firehose";

    private final DeliveryStreamFigures figures;
    private final MetricSink sink;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;

    public CloudWatchPublisher(DeliveryStreamFigures figures, MetricSink sink, Clock clock, Duration interval) {
        this.figures = figures;
        this.sink = sink;
        this.clock = clock;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "millrace-firehose-cloudwatch");
            thread.setDaemon(true);
            return thread;
        });
        long intervalMs = interval.toMillis();
        // Aligned on the interval (minute boundaries for a minute), so each publication covers one whole period.
        long firstDelay = intervalMs - clock.millis() % intervalMs;
        scheduler.scheduleAtFixedRate(this::publishSafely, firstDelay, intervalMs, TimeUnit.MILLISECONDS);
    }

    private void publishSafely() {
        try {
            publish();
        } catch (RuntimeException e) {
            LOG.warn("Firehose metrics not published to CloudWatch this interval: {}", e.toString());
        }
    }

    /** Publishes what was counted since the last call, stamped with the interval's last instant. */
    synchronized void publish() {
        long stamp = clock.millis() - 1;
        List<MetricSample> samples = new ArrayList<>();
        figures.drain((source, drained) -> samples.add(new MetricSample(
                NAMESPACE,
                source.figure().metricName(),
                new TreeMap<>(Map.of("DeliveryStreamName", source.deliveryStream())),
                source.figure().unit(),
                stamp,
                drained.sampleCount(),
                drained.sum(),
                drained.minimum(),
                drained.maximum())));
        if (!samples.isEmpty()) {
            sink.publish(samples);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}

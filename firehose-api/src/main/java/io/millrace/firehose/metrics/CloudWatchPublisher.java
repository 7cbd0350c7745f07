package io.millrace.firehose.metrics;

import io.millrace.metrics.AlignedSchedule;
import io.millrace.metrics.MetricSample;
import io.millrace.metrics.MetricSink;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Publishes this gateway's Direct PUT traffic as AWS publishes it to CloudWatch (namespace {@code AWS/Firehose},
 * dimension DeliveryStreamName, https://docs.aws.amazon.com/firehose/latest/dev/monitoring-with-cloudwatch-metrics.html):
 * the figures of {@link DeliveryStreamFigures} every interval (a minute, aligned on the minute). Every gateway
 * publishes its own share; the CloudWatch API sums them per minute. One scheduler thread, never a Kafka send per
 * request.
 */
public final class CloudWatchPublisher implements AutoCloseable {

    public static final String NAMESPACE = "AWS/Firehose";

    private final DeliveryStreamFigures figures;
    private final MetricSink sink;
    private final Clock clock;
    private final AlignedSchedule schedule;

    public CloudWatchPublisher(DeliveryStreamFigures figures, MetricSink sink, Clock clock, Duration interval) {
        this.figures = figures;
        this.sink = sink;
        this.clock = clock;
        this.schedule =
                new AlignedSchedule("millrace-firehose-cloudwatch", "Firehose metrics", clock, interval, this::publish);
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
        schedule.close();
    }
}

package io.millrace.cloudwatch.store;

import io.millrace.metrics.MetricSample;
import io.millrace.metrics.MetricSink;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's own metrics (Kinesis's {@code AWS/Kinesis}, ...) written to the datapoint topic as PutMetricData
 * writes a StatisticValues datum, so they are aggregated, listed and read like any other. The {@code AWS/}
 * namespaces PutMetricData refuses to clients are written only from here.
 */
public final class PlatformMetricSink implements MetricSink {

    private static final Logger LOG = LoggerFactory.getLogger(PlatformMetricSink.class);

    private final MetricWriter writer;

    public PlatformMetricSink(MetricWriter writer) {
        this.writer = writer;
    }

    @Override
    public void publish(List<MetricSample> samples) {
        List<Map.Entry<MetricKey, Datapoint>> points = samples.stream()
                .<Map.Entry<MetricKey, Datapoint>>map(sample -> new AbstractMap.SimpleImmutableEntry<>(
                        new MetricKey(sample.namespace(), sample.metricName(), sample.dimensions()),
                        new Datapoint(
                                sample.timestampMs(),
                                false,
                                new Stats(
                                        sample.sampleCount(),
                                        sample.sum(),
                                        sample.minimum(),
                                        sample.maximum(),
                                        sample.unit()))))
                .toList();
        try {
            writer.write(points);
        } catch (ExecutionException e) {
            LOG.warn(
                    "{} platform datapoints not written: {}",
                    points.size(),
                    e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

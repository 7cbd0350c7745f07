package io.millrace.lambda.metrics;

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
 * Publishes this gateway's invocations as AWS publishes them to CloudWatch (namespace {@code AWS/Lambda}): each
 * figure of {@link FunctionFigures} with the dimension FunctionName, and summed over the functions without
 * dimensions (AWS's account-wide aggregate), every interval (a minute, aligned on the minute). AWS adds a Resource
 * dimension for versions and aliases, which are not served here. Every gateway publishes its own share; the
 * CloudWatch API sums them per minute.
 */
public final class LambdaMetricsPublisher implements AutoCloseable {

    public static final String NAMESPACE = "AWS/Lambda";

    private final FunctionFigures figures;
    private final MetricSink sink;
    private final Clock clock;
    private final AlignedSchedule schedule;

    public LambdaMetricsPublisher(FunctionFigures figures, MetricSink sink, Clock clock, Duration interval) {
        this.figures = figures;
        this.sink = sink;
        this.clock = clock;
        this.schedule =
                new AlignedSchedule("millrace-lambda-cloudwatch", "Lambda metrics", clock, interval, this::publish);
    }

    /** Publishes what was counted since the last call, stamped with the interval's last instant. */
    synchronized void publish() {
        long stamp = clock.millis() - 1;
        List<MetricSample> samples = new ArrayList<>();
        Map<FunctionFigure, double[]> total = new TreeMap<>();
        figures.drain((source, drained) -> {
            FunctionFigure figure = source.figure();
            boolean account = source.functionName() == null;
            samples.add(new MetricSample(
                    NAMESPACE,
                    figure.metricName(),
                    account ? new TreeMap<>() : new TreeMap<>(Map.of("FunctionName", source.functionName())),
                    figure.unit(),
                    stamp,
                    drained.sampleCount(),
                    drained.sum(),
                    drained.minimum(),
                    drained.maximum()));
            if (account || figure.accountSampled()) {
                return;
            }
            double[] sum = total.computeIfAbsent(
                    figure, f -> new double[] {0, 0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY});
            sum[0] += drained.sampleCount();
            sum[1] += drained.sum();
            sum[2] = Math.min(sum[2], drained.minimum());
            sum[3] = Math.max(sum[3], drained.maximum());
        });
        total.forEach((figure, sum) -> samples.add(new MetricSample(
                NAMESPACE,
                figure.metricName(),
                new TreeMap<>(),
                figure.unit(),
                stamp,
                sum[0],
                sum[1],
                sum[2],
                sum[3])));
        if (!samples.isEmpty()) {
            sink.publish(samples);
        }
    }

    @Override
    public void close() {
        schedule.close();
    }
}

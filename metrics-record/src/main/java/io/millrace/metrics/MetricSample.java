package io.millrace.metrics;

import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One statistic set of a platform metric, as CloudWatch's PutMetricData takes it (StatisticValues): what a
 * service publishes about its own traffic into the CloudWatch API's namespace of that service ({@code AWS/Kinesis}).
 */
public record MetricSample(
        String namespace,
        String metricName,
        SortedMap<String, String> dimensions,
        String unit,
        long timestampMs,
        double sampleCount,
        double sum,
        double minimum,
        double maximum) {

    public MetricSample {
        dimensions = new TreeMap<>(dimensions);
    }
}

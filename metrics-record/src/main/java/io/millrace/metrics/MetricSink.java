package io.millrace.metrics;

import java.util.List;

/**
 * Where a service's publisher sends its own metrics: the CloudWatch API's datapoint topic when the platform hosts
 * it. Called from a publisher's scheduler (once a minute), never per request, so it may block on Kafka.
 */
@FunctionalInterface
public interface MetricSink {

    /** Publishes nothing: a service running without the CloudWatch API. */
    MetricSink NONE = samples -> {};

    void publish(List<MetricSample> samples);
}

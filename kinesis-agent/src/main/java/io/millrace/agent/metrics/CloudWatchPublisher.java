package io.millrace.agent.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StatisticSet;

/**
 * Publishes the buffered metrics with PutMetricData every cloudwatch.metricsBufferTimeMillis, on a thread of its own,
 * as the agent's CWPublisherRunnable: the flows only add to the buffer, so a CloudWatch that is slow or unreachable
 * never holds them up. Metrics a request could not deliver are dropped, as the agent drops them; it says so once when
 * CloudWatch stops taking them and once when it takes them again, not at every attempt.
 */
public final class CloudWatchPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CloudWatchPublisher.class);
    /** AWS: "Each PutMetricData request can include up to 1000 metrics" (API reference, PutMetricData). */
    static final int MAX_METRIC_DATA = 1000;

    private final CloudWatchClient client;
    private final String namespace;
    private final String where;
    private final MetricsBuffer buffer;
    private final ScheduledExecutorService timer;
    /** Touched by the publishing thread only, and by close() after that thread stopped. */
    private boolean failing;

    public CloudWatchPublisher(
            CloudWatchClient client, String namespace, String where, MetricsBuffer buffer, Duration period) {
        this.client = client;
        this.namespace = namespace;
        this.where = where;
        this.buffer = buffer;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "agent-cloudwatch");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::publish, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sends what the buffer holds, up to 1,000 metrics a request. */
    void publish() {
        List<MetricDatum> data = new ArrayList<>();
        for (MetricsBuffer.Aggregate aggregate : buffer.drain()) {
            data.add(datum(aggregate));
        }
        long dropped = buffer.takeDropped();
        if (dropped > 0) {
            LOG.warn(
                    "Agent: {} metric samples dropped: cloudwatch.metricsQueueSize metrics were held already", dropped);
        }
        for (int from = 0; from < data.size(); from += MAX_METRIC_DATA) {
            List<MetricDatum> chunk = data.subList(from, Math.min(data.size(), from + MAX_METRIC_DATA));
            try {
                client.putMetricData(r -> r.namespace(namespace).metricData(chunk));
                if (failing) {
                    failing = false;
                    LOG.info("Agent: CloudWatch at {} takes the agent's metrics again", where);
                }
            } catch (SdkException e) {
                if (!failing) {
                    failing = true;
                    LOG.warn(
                            "Agent: CloudWatch at {} does not take the agent's metrics ({}); they are dropped until"
                                    + " it does, the data is sent as before",
                            where,
                            e.getMessage());
                }
            }
        }
    }

    private MetricDatum datum(MetricsBuffer.Aggregate aggregate) {
        List<Dimension> dimensions = new ArrayList<>();
        aggregate
                .key()
                .dimensions()
                .forEach(d -> dimensions.add(
                        Dimension.builder().name(d.getKey()).value(d.getValue()).build()));
        return MetricDatum.builder()
                .metricName(aggregate.key().name())
                .unit(aggregate.key().unit())
                .dimensions(dimensions)
                .timestamp(aggregate.first())
                .statisticValues(StatisticSet.builder()
                        .sampleCount((double) aggregate.sampleCount())
                        .sum(aggregate.sum())
                        .minimum(aggregate.minimum())
                        .maximum(aggregate.maximum())
                        .build())
                .build();
    }

    /** Stops the timer and publishes what is left, once, as the agent does at shutdown. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        publish();
        client.close();
    }
}

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
 * Publishes a task's delivery metrics as AWS publishes them to CloudWatch, namespace {@code AWS/Firehose}, dimension
 * DeliveryStreamName, with the units of AWS's Firehose monitoring page
 * (https://docs.aws.amazon.com/firehose/latest/dev/monitoring-with-cloudwatch-metrics.html): for the destination
 * ({@code DeliveryToS3} or {@code DeliveryToHttpEndpoint}) and the S3 backup ({@code BackupToS3}):
 * <ul>
 *   <li>{@code .Records} (Count) and {@code .Bytes} (Bytes) delivered in the interval, one sample per task, so Sum is
 *       the stream's;
 *   <li>{@code .Success}: one sample per PUT, 1 when it succeeded, 0 when it failed, so Sum over SampleCount is AWS's
 *       "successful PUTs over all PUTs";
 *   <li>{@code .DataFreshness} (Seconds): the age of the oldest record not yet delivered, one sample per task every
 *       interval (Maximum is the stream's oldest).
 * </ul>
 * Every interval (a minute, aligned on the minute) on a thread of its own; tasks of one stream publish side by side
 * and the CloudWatch API sums them. IncomingBytes/IncomingRecords are the gateway's (Direct PUT), not repeated here.
 */
public final class DeliveryMetricsPublisher implements AutoCloseable {

    public static final String NAMESPACE = "AWS/Firehose";

    private final String streamName;
    private final String destinationPrefix;
    private final DeliveryMetrics metrics;
    private final boolean backup;
    private final MetricSink sink;
    private final Clock clock;
    private final AlignedSchedule schedule;

    /**
     * @param httpEndpoint the destination is an HTTP endpoint ({@code DeliveryToHttpEndpoint.*}), not S3
     * @param backup       the stream backs records up to S3 ({@code BackupToS3.*})
     */
    public DeliveryMetricsPublisher(
            String streamName,
            boolean httpEndpoint,
            boolean backup,
            DeliveryMetrics metrics,
            MetricSink sink,
            Clock clock,
            Duration interval) {
        this.streamName = streamName;
        this.destinationPrefix = httpEndpoint ? "DeliveryToHttpEndpoint" : "DeliveryToS3";
        this.backup = backup;
        this.metrics = metrics;
        this.sink = sink;
        this.clock = clock;
        this.schedule = new AlignedSchedule(
                "millrace-firehose-cloudwatch-" + streamName,
                "Delivery metrics of " + streamName,
                clock,
                interval,
                this::publish);
    }

    /** Publishes what was delivered since the last call, stamped with the interval's last instant. */
    public synchronized void publish() {
        long stamp = clock.millis() - 1;
        List<MetricSample> samples = new ArrayList<>();
        add(samples, destinationPrefix, metrics.delivery(), stamp);
        if (backup) {
            add(samples, "BackupToS3", metrics.backup(), stamp);
        }
        sink.publish(samples);
    }

    private void add(List<MetricSample> samples, String prefix, DeliveryMetrics.Output output, long stamp) {
        DeliveryMetrics.Interval interval = output.sinceLastInterval();
        if (interval.puts() > 0) {
            long failed = interval.puts() - interval.successfulPuts();
            samples.add(sample(
                    prefix + ".Success",
                    "Count",
                    stamp,
                    interval.puts(),
                    interval.successfulPuts(),
                    failed > 0 ? 0 : 1,
                    interval.successfulPuts() > 0 ? 1 : 0));
        }
        if (interval.successfulPuts() > 0) {
            samples.add(single(prefix + ".Records", "Count", stamp, interval.records()));
            samples.add(single(prefix + ".Bytes", "Bytes", stamp, interval.bytes()));
        }
        samples.add(single(prefix + ".DataFreshness", "Seconds", stamp, output.freshnessSeconds()));
    }

    private MetricSample single(String metricName, String unit, long stamp, double value) {
        return sample(metricName, unit, stamp, 1, value, value, value);
    }

    private MetricSample sample(
            String metricName, String unit, long stamp, double count, double sum, double min, double max) {
        return new MetricSample(
                NAMESPACE,
                metricName,
                new TreeMap<>(Map.of("DeliveryStreamName", streamName)),
                unit,
                stamp,
                count,
                sum,
                min,
                max);
    }

    /** Stops the schedule after publishing what the interval so far delivered. */
    @Override
    public void close() {
        schedule.close();
        publish();
    }
}

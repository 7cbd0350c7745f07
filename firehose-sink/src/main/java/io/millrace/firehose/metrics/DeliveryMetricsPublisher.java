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
 * ({@code DeliveryToS3}, {@code DeliveryToHttpEndpoint} or {@code DeliveryToAmazonOpenSearchService}) and the S3 backup ({@code BackupToS3}):
 * <ul>
 *   <li>{@code .Records} (Count) and {@code .Bytes} (Bytes) delivered in the interval, one sample per task, so Sum is
 *       the stream's;
 *   <li>{@code .Success}: one sample per PUT, 1 when it succeeded, 0 when it failed, so Sum over SampleCount is AWS's
 *       "successful PUTs over all PUTs";
 *   <li>{@code .DataFreshness} (Seconds): the age of the oldest record not yet delivered, one sample per task every
 *       interval (Maximum is the stream's oldest).
 * </ul>
 * For a Kinesis stream source, {@code DataReadFromKinesisStream.Records} (Count) and {@code .Bytes} (Bytes): what the
 * task read from the stream in the interval, rereads after a failover included, as AWS counts them. With a Lambda
 * processor, AWS's data transformation metrics:
 * <ul>
 *   <li>{@code ExecuteProcessing.Duration} (Milliseconds): "the time it takes for each Lambda function invocation",
 *       one statistic set per interval (SampleCount invocations, Sum, Minimum, Maximum), so Average is the mean
 *       invocation;
 *   <li>{@code ExecuteProcessing.Success} (Count): one sample per invocation, 1 when the function answered with the
 *       contract's response, 0 when the invocation failed (each retry is an invocation), so Average is AWS's
 *       "successful Lambda function invocations over the total";
 *   <li>{@code SucceedProcessing.Records} (Count): the records the function returned Ok or Dropped, and
 *       {@code SucceedProcessing.Bytes} (Bytes) the bytes of the Ok data.
 * </ul>
 * Every interval (a minute, aligned on the minute) on a thread of its own; tasks of one stream publish side by side
 * and the CloudWatch API sums them. IncomingBytes/IncomingRecords are the gateway's (Direct PUT), not repeated here.
 */
public final class DeliveryMetricsPublisher implements AutoCloseable {

    public static final String NAMESPACE = "AWS/Firehose";

    /**
     * Which metrics a delivery stream has besides its destination's.
     *
     * @param destination the name of the destination's metrics: {@code DeliveryToS3}, {@code DeliveryToHttpEndpoint}
     *     or {@code DeliveryToAmazonOpenSearchService}
     * @param backup the stream backs records up to S3 ({@code BackupToS3.*})
     * @param kinesisSource the source is a Kinesis stream ({@code DataReadFromKinesisStream.*})
     * @param lambdaProcessing a Lambda processor is configured ({@code ExecuteProcessing.*}, {@code SucceedProcessing.*})
     */
    public record Outputs(String destination, boolean backup, boolean kinesisSource, boolean lambdaProcessing) {}

    private final String streamName;
    private final String destinationPrefix;
    private final DeliveryMetrics metrics;
    private final Outputs outputs;
    private final MetricSink sink;
    private final Clock clock;
    private final AlignedSchedule schedule;

    public DeliveryMetricsPublisher(
            String streamName,
            Outputs outputs,
            DeliveryMetrics metrics,
            MetricSink sink,
            Clock clock,
            Duration interval) {
        this.streamName = streamName;
        this.destinationPrefix = outputs.destination();
        this.outputs = outputs;
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
        if (outputs.backup()) {
            add(samples, "BackupToS3", metrics.backup(), stamp);
        }
        if (outputs.kinesisSource()) {
            addReads(samples, metrics.kinesisReads().sinceLastInterval(), stamp);
        }
        if (outputs.lambdaProcessing()) {
            addProcessing(samples, metrics.processing().sinceLastInterval(), stamp);
        }
        sink.publish(samples);
    }

    private void addReads(List<MetricSample> samples, DeliveryMetrics.Reads reads, long stamp) {
        if (reads.records() > 0) {
            samples.add(single("DataReadFromKinesisStream.Records", "Count", stamp, reads.records()));
            samples.add(single("DataReadFromKinesisStream.Bytes", "Bytes", stamp, reads.bytes()));
        }
    }

    private void addProcessing(List<MetricSample> samples, DeliveryMetrics.Invocations invocations, long stamp) {
        if (invocations.count() == 0) {
            return;
        }
        samples.add(sample(
                "ExecuteProcessing.Duration",
                "Milliseconds",
                stamp,
                invocations.count(),
                invocations.totalMillis(),
                invocations.minMillis(),
                invocations.maxMillis()));
        long failed = invocations.count() - invocations.successful();
        samples.add(sample(
                "ExecuteProcessing.Success",
                "Count",
                stamp,
                invocations.count(),
                invocations.successful(),
                failed > 0 ? 0 : 1,
                invocations.successful() > 0 ? 1 : 0));
        samples.add(single("SucceedProcessing.Records", "Count", stamp, invocations.succeededRecords()));
        samples.add(single("SucceedProcessing.Bytes", "Bytes", stamp, invocations.succeededBytes()));
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

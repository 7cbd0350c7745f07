package io.millrace.kinesis.metrics;

import io.millrace.kinesis.model.ShardId;
import io.millrace.metrics.AlignedSchedule;
import io.millrace.metrics.MetricSample;
import io.millrace.metrics.MetricSink;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Publishes this gateway's Kinesis traffic as AWS publishes it to CloudWatch (namespace {@code AWS/Kinesis}, see
 * https://docs.aws.amazon.com/streams/latest/dev/monitoring-with-cloudwatch.html): the stream-level figures of
 * {@link StreamFigures} every interval (a minute, as AWS's basic stream-level metrics), and, for the shard-level
 * metrics a stream enabled with EnableEnhancedMonitoring, the growth of {@link StreamMetrics}' shard counters
 * since the last interval, with dimensions StreamName and ShardId. Every gateway publishes its own share; the
 * CloudWatch API sums them per minute, so the figures are the cluster's. One scheduler thread, never a Kafka send
 * per request.
 */
public final class CloudWatchPublisher implements AutoCloseable {

    public static final String NAMESPACE = "AWS/Kinesis";

    private final StreamFigures figures;
    private final StreamMetrics shardCounters;
    private final Function<String, Set<ShardMetric>> enabled;
    private final MetricSink sink;
    private final Clock clock;
    private final AlignedSchedule schedule;
    /** Each shard counter's value at the last interval, to publish what it grew by (deleted streams drop out). */
    private Map<String, Long> lastCounts = new HashMap<>();

    public CloudWatchPublisher(
            StreamFigures figures,
            StreamMetrics shardCounters,
            Function<String, Set<ShardMetric>> enabled,
            MetricSink sink,
            Clock clock,
            Duration interval) {
        this.figures = figures;
        this.shardCounters = shardCounters;
        this.enabled = enabled;
        this.sink = sink;
        this.clock = clock;
        this.schedule =
                new AlignedSchedule("millrace-kinesis-cloudwatch", "Kinesis metrics", clock, interval, this::publish);
    }

    /** Publishes what was counted since the last call, stamped with the interval's last instant. */
    synchronized void publish() {
        long stamp = clock.millis() - 1;
        List<MetricSample> samples = new ArrayList<>();
        figures.drain((source, drained) -> {
            TreeMap<String, String> dimensions = new TreeMap<>();
            dimensions.put("StreamName", source.stream());
            if (source.consumer() != null) {
                dimensions.put("ConsumerName", source.consumer());
            }
            samples.add(new MetricSample(
                    NAMESPACE,
                    source.figure().metricName(),
                    dimensions,
                    source.figure().unit(),
                    stamp,
                    drained.sampleCount(),
                    drained.sum(),
                    drained.minimum(),
                    drained.maximum()));
        });
        Map<String, Long> counts = new HashMap<>();
        shardCounters.forEachShard((stream, shard, values) -> {
            Set<ShardMetric> on = enabled.apply(stream);
            for (ShardMetric metric : ShardMetric.values()) {
                long now = values.applyAsLong(metric);
                String key = stream + '\u0000' + shard + '\u0000' + metric.name();
                counts.put(key, now);
                Long before = lastCounts.get(key);
                if (!on.contains(metric)) {
                    continue;
                }
                // The iterator age is a gauge, published as it is; the others as what they grew by.
                double value =
                        metric == ShardMetric.IteratorAgeMilliseconds ? now : now - (before == null ? 0 : before);
                samples.add(new MetricSample(
                        NAMESPACE,
                        metric.name(),
                        new TreeMap<>(Map.of("StreamName", stream, "ShardId", ShardId.format(shard))),
                        unit(metric),
                        stamp,
                        1,
                        value,
                        value,
                        value));
            }
        });
        lastCounts = counts;
        if (!samples.isEmpty()) {
            sink.publish(samples);
        }
    }

    /** The units AWS documents for the shard-level metrics ("Shard-level metrics" on the page above). */
    private static String unit(ShardMetric metric) {
        return switch (metric) {
            case IncomingBytes, OutgoingBytes -> "Bytes";
            case IteratorAgeMilliseconds -> "Milliseconds";
            default -> "Count";
        };
    }

    @Override
    public void close() {
        schedule.close();
    }
}

package io.millrace.kinesis.metrics;

import io.millrace.kinesis.model.ShardId;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * The traffic this endpoint process served, per stream and shard, rendered in the Prometheus text format on
 * {@code GET /metrics}. Stream-level totals are always published, as AWS always publishes its stream metrics;
 * shard-level series only for the metrics a stream enabled with EnableEnhancedMonitoring. Several endpoints each
 * count their own traffic: sum them across processes.
 */
public final class StreamMetrics {

    private static final String PREFIX = "millrace_kinesis_";

    private record ShardKey(String stream, int shard) {}

    private static final class Counters {
        final LongAdder[] adders = new LongAdder[ShardMetric.values().length];
        final AtomicLong iteratorAge = new AtomicLong();

        Counters() {
            for (int i = 0; i < adders.length; i++) {
                adders[i] = new LongAdder();
            }
        }

        long value(ShardMetric metric) {
            return metric == ShardMetric.IteratorAgeMilliseconds ? iteratorAge.get() : adders[metric.ordinal()].sum();
        }
    }

    private final Map<ShardKey, Counters> shards = new ConcurrentHashMap<>();
    private final ConsumerMetrics consumers = new ConsumerMetrics();

    private Counters counters(String stream, int shard) {
        return shards.computeIfAbsent(new ShardKey(stream, shard), key -> new Counters());
    }

    public void recordPut(String stream, int shard, long bytes) {
        Counters counters = counters(stream, shard);
        counters.adders[ShardMetric.IncomingBytes.ordinal()].add(bytes);
        counters.adders[ShardMetric.IncomingRecords.ordinal()].increment();
    }

    public void recordWriteThrottled(String stream, int shard) {
        counters(stream, shard)
                .adders[ShardMetric.WriteProvisionedThroughputExceeded.ordinal()]
                .increment();
    }

    public void recordGet(String stream, int shard, long records, long bytes, long iteratorAgeMillis) {
        Counters counters = counters(stream, shard);
        counters.adders[ShardMetric.OutgoingBytes.ordinal()].add(bytes);
        counters.adders[ShardMetric.OutgoingRecords.ordinal()].add(records);
        counters.iteratorAge.set(Math.max(0, iteratorAgeMillis));
    }

    /** One SubscribeToShardEvent pushed to {@code consumer} (a registered consumer's name) from a shard. */
    public void recordFanOut(String stream, String consumer, int shard, long records, long bytes, long millisBehind) {
        consumers.record(stream, consumer, shard, records, bytes, millisBehind);
    }

    public void recordReadThrottled(String stream, int shard) {
        counters(stream, shard)
                .adders[ShardMetric.ReadProvisionedThroughputExceeded.ordinal()]
                .increment();
    }

    /** What {@link #forEachShard} hands over: one shard's counter values, totals since this process started. */
    @FunctionalInterface
    public interface ShardVisitor {
        void visit(String stream, int shard, java.util.function.ToLongFunction<ShardMetric> values);
    }

    /** Every shard this process counted traffic of, with its counters as they are now. */
    public void forEachShard(ShardVisitor visitor) {
        shards.forEach((key, counters) -> visitor.visit(key.stream(), key.shard(), counters::value));
    }

    /** Drops the series of a deleted stream. */
    public void forget(String stream) {
        shards.keySet().removeIf(key -> key.stream().equals(stream));
        consumers.forget(stream);
    }

    /**
     * The Prometheus exposition of every metric; {@code enabled} gives the shard-level metrics a stream enabled
     * (empty when none, or when the stream is gone).
     */
    public String render(Function<String, Set<ShardMetric>> enabled) {
        Map<ShardKey, Counters> sorted = new TreeMap<>((a, b) -> a.stream().equals(b.stream())
                ? Integer.compare(a.shard(), b.shard())
                : a.stream().compareTo(b.stream()));
        sorted.putAll(shards);
        StringBuilder out = new StringBuilder();
        for (ShardMetric metric : ShardMetric.values()) {
            String name = PREFIX + "stream_" + metric.promName();
            out.append("# HELP ")
                    .append(name)
                    .append(' ')
                    .append(metric.help())
                    .append(" (Kinesis ")
                    .append(metric.name())
                    .append("), all shards of the stream\n");
            out.append("# TYPE ")
                    .append(name)
                    .append(' ')
                    .append(metric.promType())
                    .append('\n');
            Map<String, Long> perStream = new TreeMap<>();
            for (Map.Entry<ShardKey, Counters> entry : sorted.entrySet()) {
                long value = entry.getValue().value(metric);
                perStream.merge(
                        entry.getKey().stream(),
                        value,
                        metric == ShardMetric.IteratorAgeMilliseconds ? Math::max : Long::sum);
            }
            perStream.forEach((stream, value) -> out.append(name)
                    .append("{stream=\"")
                    .append(stream)
                    .append("\"} ")
                    .append(value)
                    .append('\n'));
        }
        for (ShardMetric metric : ShardMetric.values()) {
            String name = PREFIX + "shard_" + metric.promName();
            out.append("# HELP ")
                    .append(name)
                    .append(' ')
                    .append(metric.help())
                    .append(" (Kinesis shard-level ")
                    .append(metric.name())
                    .append(", when enabled)\n");
            out.append("# TYPE ")
                    .append(name)
                    .append(' ')
                    .append(metric.promType())
                    .append('\n');
            for (Map.Entry<ShardKey, Counters> entry : sorted.entrySet()) {
                ShardKey key = entry.getKey();
                Collection<ShardMetric> on = enabled.apply(key.stream());
                if (on.contains(metric)) {
                    out.append(name)
                            .append("{stream=\"")
                            .append(key.stream())
                            .append("\",shard=\"")
                            .append(ShardId.format(key.shard()))
                            .append("\"} ")
                            .append(entry.getValue().value(metric))
                            .append('\n');
                }
            }
        }
        consumers.render(PREFIX, out);
        return out.toString();
    }
}

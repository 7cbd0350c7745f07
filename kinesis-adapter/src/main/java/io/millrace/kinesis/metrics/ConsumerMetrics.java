package io.millrace.kinesis.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The enhanced fan-out traffic this process pushed, per stream and registered consumer: the Prometheus side of
 * AWS's per-consumer {@code SubscribeToShardEvent.Bytes}, {@code .Records} and {@code .MillisBehindLatest} (dimensions
 * StreamName and ConsumerName, "Monitor the Amazon Kinesis Data Streams service with Amazon CloudWatch"). Bytes and
 * records are totals since start; the lag is each shard's last event's, the consumer's series their maximum, as the
 * stream's iterator age is.
 */
final class ConsumerMetrics {

    private record Key(String stream, String consumer, int shard) {}

    private record Consumer(String stream, String consumer) {}

    private static final class Counters {
        final LongAdder bytes = new LongAdder();
        final LongAdder records = new LongAdder();
        final AtomicLong millisBehind = new AtomicLong();
    }

    private final Map<Key, Counters> counters = new ConcurrentHashMap<>();

    void record(String stream, String consumer, int shard, long records, long bytes, long millisBehind) {
        Counters c = counters.computeIfAbsent(new Key(stream, consumer, shard), key -> new Counters());
        c.bytes.add(bytes);
        c.records.add(records);
        c.millisBehind.set(Math.max(0, millisBehind));
    }

    void forget(String stream) {
        counters.keySet().removeIf(key -> key.stream().equals(stream));
    }

    void render(String prefix, StringBuilder out) {
        Map<Consumer, long[]> sums = new TreeMap<>((a, b) -> a.stream().equals(b.stream())
                ? a.consumer().compareTo(b.consumer())
                : a.stream().compareTo(b.stream()));
        counters.forEach((key, c) -> {
            long[] v = sums.computeIfAbsent(new Consumer(key.stream(), key.consumer()), k -> new long[3]);
            v[0] += c.bytes.sum();
            v[1] += c.records.sum();
            v[2] = Math.max(v[2], c.millisBehind.get());
        });
        String[][] series = {
            {"subscribe_to_shard_event_bytes_total", "counter", "Bytes of records pushed in SubscribeToShardEvents"},
            {"subscribe_to_shard_event_records_total", "counter", "Records pushed in SubscribeToShardEvents"},
            {
                "subscribe_to_shard_event_millis_behind_latest_milliseconds",
                "gauge",
                "MillisBehindLatest of the last SubscribeToShardEvent, the largest over the stream's shards"
            }
        };
        for (int i = 0; i < series.length; i++) {
            String name = prefix + "consumer_" + series[i][0];
            out.append("# HELP ")
                    .append(name)
                    .append(' ')
                    .append(series[i][2])
                    .append(" to an enhanced fan-out consumer\n");
            out.append("# TYPE ").append(name).append(' ').append(series[i][1]).append('\n');
            for (Map.Entry<Consumer, long[]> entry : sums.entrySet()) {
                out.append(name)
                        .append("{stream=\"")
                        .append(entry.getKey().stream())
                        .append("\",consumer=\"")
                        .append(entry.getKey().consumer())
                        .append("\"} ")
                        .append(entry.getValue()[i])
                        .append('\n');
            }
        }
    }
}

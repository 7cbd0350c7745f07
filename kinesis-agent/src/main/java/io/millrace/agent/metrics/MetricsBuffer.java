package io.millrace.agent.metrics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's samples added up per metric (name and dimensions) until the publisher takes them, as the agent's
 * MetricAccumulatingQueue does: each metric becomes one statistic set (count, sum, minimum, maximum). Adding never
 * blocks; once {@code capacity} metrics are held, samples of further metrics are dropped and counted (the agent's
 * cloudwatch.metricsQueueSize).
 */
public final class MetricsBuffer {

    /** A metric: its name, unit and dimensions (name, value pairs in order). */
    public record Key(String name, String unit, List<Map.Entry<String, String>> dimensions) {}

    /** A metric's samples since the last publication; {@code first} is when the first of them was taken. */
    public record Aggregate(Key key, Instant first, long sampleCount, double sum, double minimum, double maximum) {

        Aggregate plus(double value) {
            return new Aggregate(
                    key, first, sampleCount + 1, sum + value, Math.min(minimum, value), Math.max(maximum, value));
        }
    }

    private final int capacity;
    private final Map<Key, Aggregate> held = new LinkedHashMap<>();
    private long dropped;

    public MetricsBuffer(int capacity) {
        this.capacity = capacity;
    }

    public synchronized void add(Key key, double value) {
        Aggregate current = held.get(key);
        if (current == null) {
            if (held.size() >= capacity) {
                dropped++;
                return;
            }
            held.put(key, new Aggregate(key, Instant.now(), 1, value, value, value));
        } else {
            held.put(key, current.plus(value));
        }
    }

    /** Everything held, oldest metric first; the buffer is empty afterwards. */
    public synchronized List<Aggregate> drain() {
        List<Aggregate> all = new ArrayList<>(held.values());
        held.clear();
        return all;
    }

    /** Samples dropped because the buffer was full, since the last call. */
    public synchronized long takeDropped() {
        long count = dropped;
        dropped = 0;
        return count;
    }
}

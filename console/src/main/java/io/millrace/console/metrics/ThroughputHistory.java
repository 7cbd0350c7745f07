package io.millrace.console.metrics;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last hour of each stream's rates, sampled from a {@link ThroughputSource} at a fixed period by one background
 * task, whoever watches: an open dashboard then costs a read of this memory every refresh, not a scrape.
 */
public final class ThroughputHistory {

    static final Duration WINDOW = Duration.ofHours(1);

    /** One sample: the stream's rates, and each fan-out consumer's that was counted then and the sample before. */
    private record Point(long epochSecond, double[] values, Map<String, double[]> consumers) {}

    private static final String[] NAMES = {
        "incomingBytes", "incomingRecords", "getRecordsBytes", "getRecordsRecords", "throttled", "iteratorAgeMillis"
    };

    /** A consumer's series, as the AWS console charts them: SubscribeToShardEvent bytes/s and MillisBehindLatest. */
    private static final String[] CONSUMER_NAMES = {"fanOutBytes", "millisBehindLatest"};

    private final ThroughputSource source;
    private final Clock clock;
    private final int capacity;
    private final Map<String, Deque<Point>> points = new ConcurrentHashMap<>();
    private Map<String, StreamTotals> previous = Map.of();
    private long previousMillis;

    public ThroughputHistory(ThroughputSource source, Clock clock, Duration period) {
        this.source = source;
        this.clock = clock;
        this.capacity = (int) (WINDOW.toMillis() / period.toMillis());
    }

    /** Takes one sample: rates since the previous one. Called by one thread at a time. */
    public synchronized void sample() {
        long now = clock.millis();
        Map<String, StreamTotals> current = source.read();
        double seconds = (now - previousMillis) / 1000.0;
        points.keySet().retainAll(current.keySet());
        current.forEach((stream, totals) -> {
            StreamTotals before = previous.get(stream);
            if (before == null || seconds <= 0) {
                points.computeIfAbsent(stream, s -> new ArrayDeque<>());
                return;
            }
            double[] values = {
                rate(totals.incomingBytes(), before.incomingBytes(), seconds),
                rate(totals.incomingRecords(), before.incomingRecords(), seconds),
                rate(totals.outgoingBytes(), before.outgoingBytes(), seconds),
                rate(totals.outgoingRecords(), before.outgoingRecords(), seconds),
                rate(
                        totals.writeThrottled() + totals.readThrottled(),
                        before.writeThrottled() + before.readThrottled(),
                        seconds),
                totals.iteratorAgeMillis()
            };
            Map<String, double[]> consumers = new HashMap<>();
            totals.consumers().forEach((consumer, counted) -> {
                ConsumerTotals then = before.consumers().get(consumer);
                if (then != null) {
                    consumers.put(consumer, new double[] {
                        rate(counted.eventBytes(), then.eventBytes(), seconds), counted.millisBehindLatest()
                    });
                }
            });
            Deque<Point> series = points.computeIfAbsent(stream, s -> new ArrayDeque<>());
            synchronized (series) {
                series.addLast(new Point(now / 1000, values, consumers));
                while (series.size() > capacity) {
                    series.removeFirst();
                }
            }
        });
        previous = current;
        previousMillis = now;
    }

    private static double rate(double now, double before, double seconds) {
        return Math.max(0, now - before) / seconds;
    }

    /**
     * A stream's series as uPlot wants them: {@code t} (epoch seconds) and one array per rate, aligned; under
     * {@code consumers}, each fan-out consumer's arrays, aligned too, null where the consumer has no rate.
     */
    public ObjectNode json(String stream) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode t = out.putArray("t");
        ArrayNode[] columns = new ArrayNode[NAMES.length];
        for (int i = 0; i < NAMES.length; i++) {
            columns[i] = out.putArray(NAMES[i]);
        }
        ObjectNode consumers = out.putObject("consumers");
        Deque<Point> series = points.get(stream);
        if (series != null) {
            synchronized (series) {
                TreeSet<String> names = new TreeSet<>();
                series.forEach(point -> names.addAll(point.consumers().keySet()));
                Map<String, ArrayNode[]> consumerColumns = new HashMap<>();
                for (String name : names) {
                    ObjectNode consumer = consumers.putObject(name);
                    ArrayNode[] arrays = new ArrayNode[CONSUMER_NAMES.length];
                    for (int i = 0; i < CONSUMER_NAMES.length; i++) {
                        arrays[i] = consumer.putArray(CONSUMER_NAMES[i]);
                    }
                    consumerColumns.put(name, arrays);
                }
                for (Point point : series) {
                    t.add(point.epochSecond());
                    for (int i = 0; i < NAMES.length; i++) {
                        columns[i].add(rounded(point.values()[i]));
                    }
                    consumerColumns.forEach((name, arrays) -> {
                        double[] values = point.consumers().get(name);
                        for (int i = 0; i < arrays.length; i++) {
                            if (values == null) {
                                arrays[i].addNull();
                            } else {
                                arrays[i].add(rounded(values[i]));
                            }
                        }
                    });
                }
            }
        }
        return out;
    }

    private static double rounded(double value) {
        return Math.round(value * 100) / 100.0;
    }
}

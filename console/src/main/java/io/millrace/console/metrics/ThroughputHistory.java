package io.millrace.console.metrics;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last hour of each stream's rates, sampled from a {@link ThroughputSource} at a fixed period by one background
 * task, whoever watches: an open dashboard then costs a read of this memory every refresh, not a scrape.
 */
public final class ThroughputHistory {

    static final Duration WINDOW = Duration.ofHours(1);

    private record Point(long epochSecond, double[] values) {}

    private static final String[] NAMES = {
        "incomingBytes", "incomingRecords", "getRecordsBytes", "getRecordsRecords", "throttled", "iteratorAgeMillis"
    };

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
                Math.max(0, totals.incomingBytes() - before.incomingBytes()) / seconds,
                Math.max(0, totals.incomingRecords() - before.incomingRecords()) / seconds,
                Math.max(0, totals.outgoingBytes() - before.outgoingBytes()) / seconds,
                Math.max(0, totals.outgoingRecords() - before.outgoingRecords()) / seconds,
                Math.max(
                                0,
                                totals.writeThrottled()
                                        + totals.readThrottled()
                                        - before.writeThrottled()
                                        - before.readThrottled())
                        / seconds,
                totals.iteratorAgeMillis()
            };
            Deque<Point> series = points.computeIfAbsent(stream, s -> new ArrayDeque<>());
            synchronized (series) {
                series.addLast(new Point(now / 1000, values));
                while (series.size() > capacity) {
                    series.removeFirst();
                }
            }
        });
        previous = current;
        previousMillis = now;
    }

    /** A stream's series as uPlot wants them: {@code t} (epoch seconds) and one array per rate, aligned. */
    public ObjectNode json(String stream) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode t = out.putArray("t");
        ArrayNode[] columns = new ArrayNode[NAMES.length];
        for (int i = 0; i < NAMES.length; i++) {
            columns[i] = out.putArray(NAMES[i]);
        }
        Deque<Point> series = points.get(stream);
        if (series != null) {
            synchronized (series) {
                for (Point point : series) {
                    t.add(point.epochSecond());
                    for (int i = 0; i < NAMES.length; i++) {
                        columns[i].add(Math.round(point.values()[i] * 100) / 100.0);
                    }
                }
            }
        }
        return out;
    }
}

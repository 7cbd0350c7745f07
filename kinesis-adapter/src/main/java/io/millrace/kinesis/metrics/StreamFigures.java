package io.millrace.kinesis.metrics;

import io.millrace.gateway.metrics.StatAccumulator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The stream-level CloudWatch figures of the traffic this gateway served, kept in memory beside
 * {@link StreamMetrics}' counters: one lock-free accumulator per stream (and consumer, for enhanced fan-out) and
 * figure, added to on the request path and drained once a minute by {@link CloudWatchPublisher}.
 */
public final class StreamFigures {

    /** Whose figure: a stream, and the consumer for the SubscribeToShard ones (null for the others). */
    public record Source(String stream, String consumer, StreamFigure figure) {}

    private final Map<Source, StatAccumulator> figures = new ConcurrentHashMap<>();

    public void add(String stream, StreamFigure figure, double value) {
        add(stream, null, figure, value);
    }

    public void add(String stream, String consumer, StreamFigure figure, double value) {
        figures.computeIfAbsent(new Source(stream, consumer, figure), key -> new StatAccumulator())
                .add(value);
    }

    /** Hands each figure with samples since the last drain to {@code sink}, and starts over. */
    void drain(BiConsumer<Source, StatAccumulator.Drained> sink) {
        figures.forEach((source, accumulator) -> {
            StatAccumulator.Drained drained = accumulator.drain();
            if (drained != null) {
                sink.accept(source, drained);
            }
        });
    }

    /** Drops the figures of a deleted stream. */
    public void forget(String stream) {
        figures.keySet().removeIf(source -> source.stream().equals(stream));
    }
}

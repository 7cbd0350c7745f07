package io.millrace.firehose.metrics;

import io.millrace.gateway.metrics.StatAccumulator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The CloudWatch figures of the Direct PUT traffic this gateway served: one lock-free accumulator per delivery
 * stream and figure, added to on the request path and drained once a minute by {@link CloudWatchPublisher}.
 */
public final class DeliveryStreamFigures {

    /** Whose figure. */
    record Source(String deliveryStream, DeliveryStreamFigure figure) {}

    private final Map<Source, StatAccumulator> figures = new ConcurrentHashMap<>();

    public void add(String deliveryStream, DeliveryStreamFigure figure, double value) {
        figures.computeIfAbsent(new Source(deliveryStream, figure), key -> new StatAccumulator())
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

    /** Drops the figures of a deleted delivery stream. */
    public void forget(String deliveryStream) {
        figures.keySet().removeIf(source -> source.deliveryStream().equals(deliveryStream));
    }
}

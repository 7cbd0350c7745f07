package io.millrace.lambda.metrics;

import io.millrace.gateway.metrics.StatAccumulator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The CloudWatch figures of the invocations this gateway ran: one lock-free accumulator per function and figure,
 * added to on the invocation path and drained once a minute by {@link LambdaMetricsPublisher}.
 */
public final class FunctionFigures {

    /** Whose figure. */
    record Source(String functionName, FunctionFigure figure) {}

    private final Map<Source, StatAccumulator> figures = new ConcurrentHashMap<>();

    public void add(String functionName, FunctionFigure figure, double value) {
        figures.computeIfAbsent(new Source(functionName, figure), key -> new StatAccumulator())
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
}

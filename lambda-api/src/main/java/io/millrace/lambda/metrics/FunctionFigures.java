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

    /** Whose figure: a function's, or with a null name the account's own samples. */
    record Source(String functionName, FunctionFigure figure) {}

    private final Map<Source, StatAccumulator> figures = new ConcurrentHashMap<>();

    public void add(String functionName, FunctionFigure figure, double value) {
        figures.computeIfAbsent(new Source(functionName, figure), key -> new StatAccumulator())
                .add(value);
    }

    /** A sample of the account as a whole, for a figure that is not the sum of the functions'. */
    public void addAccount(FunctionFigure figure, double value) {
        add(null, figure, value);
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

package io.millrace.gateway.metrics;

import java.util.concurrent.atomic.DoubleAccumulator;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Count, sum, minimum and maximum of values added from many threads without a lock (adders and accumulators, one
 * cell per contending thread), drained by a publisher. The drain reads each field then resets it: a value added
 * during the drain may be counted in this interval and summed in the next, which a per-minute figure tolerates.
 */
public final class StatAccumulator {

    private final LongAdder count = new LongAdder();
    private final DoubleAdder sum = new DoubleAdder();
    private final DoubleAccumulator minimum = new DoubleAccumulator(Math::min, Double.POSITIVE_INFINITY);
    private final DoubleAccumulator maximum = new DoubleAccumulator(Math::max, Double.NEGATIVE_INFINITY);

    public void add(double value) {
        count.increment();
        sum.add(value);
        minimum.accumulate(value);
        maximum.accumulate(value);
    }

    /** What was added since the last drain ({@code null} when nothing was), and starts over. */
    public Drained drain() {
        long samples = count.sumThenReset();
        double total = sum.sumThenReset();
        double min = minimum.getThenReset();
        double max = maximum.getThenReset();
        if (samples == 0) {
            return null;
        }
        // A value caught half-drained may have left an extreme unset: the mean stands in for it.
        double mean = total / samples;
        return new Drained(samples, total, Double.isInfinite(min) ? mean : min, Double.isInfinite(max) ? mean : max);
    }

    /** One interval's statistic set. */
    public record Drained(long sampleCount, double sum, double minimum, double maximum) {}
}

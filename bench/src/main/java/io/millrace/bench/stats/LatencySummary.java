package io.millrace.bench.stats;

import org.HdrHistogram.Histogram;

/** The percentiles every report shows, in milliseconds, from a histogram of microseconds. */
public record LatencySummary(long count, double p50, double p90, double p99, double p999, double max, double mean) {

    private static final double MICROS_PER_MILLI = 1000.0;

    public static LatencySummary of(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return new LatencySummary(0, 0, 0, 0, 0, 0, 0);
        }
        return new LatencySummary(
                micros.getTotalCount(),
                millis(micros.getValueAtPercentile(50.0)),
                millis(micros.getValueAtPercentile(90.0)),
                millis(micros.getValueAtPercentile(99.0)),
                millis(micros.getValueAtPercentile(99.9)),
                // The highest value equivalent to the max bucket overstates by up to 0.1%; the real max is exact.
                millis(micros.getMaxValue()),
                micros.getMean() / MICROS_PER_MILLI);
    }

    private static double millis(long micros) {
        return micros / MICROS_PER_MILLI;
    }
}

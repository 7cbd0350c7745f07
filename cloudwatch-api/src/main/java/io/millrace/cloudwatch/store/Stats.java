package io.millrace.cloudwatch.store;

/**
 * A statistic set, CloudWatch's unit of aggregation: sample count, sum, minimum and maximum (the average is
 * sum / count), the unit its datapoints were sent with (the last one wins, as a metric has one unit in practice;
 * {@code None} when none was given), and a {@link Sketch} of the values sent one by one (Value, Values and Counts),
 * for percentiles; a StatisticValues set adds none, as it carries no distribution.
 */
public record Stats(double sampleCount, double sum, double minimum, double maximum, String unit, Sketch sketch) {

    public static final Stats EMPTY =
            new Stats(0, 0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, StandardUnits.NONE);

    /** A statistic set without a distribution. */
    public Stats(double sampleCount, double sum, double minimum, double maximum, String unit) {
        this(sampleCount, sum, minimum, maximum, unit, Sketch.EMPTY);
    }

    public static Stats of(double value, String unit) {
        return of(value, 1, unit);
    }

    /** {@code count} samples of {@code value}. */
    public static Stats of(double value, double count, String unit) {
        return new Stats(count, value * count, value, value, unit, Sketch.of(value, count));
    }

    public Stats plus(Stats other) {
        return new Stats(
                sampleCount + other.sampleCount,
                sum + other.sum,
                Math.min(minimum, other.minimum),
                Math.max(maximum, other.maximum),
                other.unit,
                sketch.plus(other.sketch));
    }

    /**
     * The value at percentile {@code percent} (0 to 100), kept within the minimum and maximum; NaN when no value of
     * the period came one by one.
     */
    public double percentile(double percent) {
        double value = sketch.quantile(percent / 100);
        return Double.isNaN(value) ? value : Math.max(minimum, Math.min(maximum, value));
    }

    public boolean isEmpty() {
        return sampleCount == 0;
    }

    public double average() {
        return sum / sampleCount;
    }
}

package io.millrace.cloudwatch.store;

/**
 * A statistic set, CloudWatch's unit of aggregation: sample count, sum, minimum and maximum (the average is
 * sum / count), and the unit its datapoints were sent with (the last one wins, as a metric has one unit in
 * practice; {@code None} when none was given).
 */
public record Stats(double sampleCount, double sum, double minimum, double maximum, String unit) {

    public static final Stats EMPTY =
            new Stats(0, 0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, StandardUnits.NONE);

    public static Stats of(double value, String unit) {
        return new Stats(1, value, value, value, unit);
    }

    public Stats plus(Stats other) {
        return new Stats(
                sampleCount + other.sampleCount,
                sum + other.sum,
                Math.min(minimum, other.minimum),
                Math.max(maximum, other.maximum),
                other.unit);
    }

    public boolean isEmpty() {
        return sampleCount == 0;
    }

    public double average() {
        return sum / sampleCount;
    }
}

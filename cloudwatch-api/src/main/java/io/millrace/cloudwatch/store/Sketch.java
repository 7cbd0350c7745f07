package io.millrace.cloudwatch.store;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A mergeable quantile sketch in the manner of DDSketch (Masson, Rim and Lee, "DDSketch: a fast and fully-mergeable
 * quantile sketch with relative-error guarantees", VLDB 2019): values fall in logarithmic buckets
 * {@code (gamma^(i-1), gamma^i]} with {@code gamma = (1 + a) / (1 - a)}, so any quantile it answers is within a
 * relative error {@code a} of a value at that rank. Here {@code a} is 1%, as CloudWatch's own percentiles are
 * approximations. Counts are doubles since PutMetricData's Counts may be fractional. Merging two sketches adds their
 * buckets, exactly. Beyond {@value #MAX_BUCKETS} buckets per sign the lowest are folded together (DDSketch's
 * collapsing), which only coarsens the smallest magnitudes. Immutable.
 */
public final class Sketch {

    public static final double RELATIVE_ACCURACY = 0.01;
    static final int MAX_BUCKETS = 2048;
    private static final double GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
    private static final double LOG_GAMMA = Math.log(GAMMA);
    /** Magnitudes below this count as zero, as DDSketch's minimum indexable value. */
    private static final double MIN_MAGNITUDE = 1e-9;

    public static final Sketch EMPTY = new Sketch(new TreeMap<>(), new TreeMap<>(), 0);

    private final NavigableMap<Integer, Double> positive;
    private final NavigableMap<Integer, Double> negative;
    private final double zeros;

    private Sketch(NavigableMap<Integer, Double> positive, NavigableMap<Integer, Double> negative, double zeros) {
        this.positive = positive;
        this.negative = negative;
        this.zeros = zeros;
    }

    /** {@code count} samples of {@code value}. */
    public static Sketch of(double value, double count) {
        TreeMap<Integer, Double> positive = new TreeMap<>();
        TreeMap<Integer, Double> negative = new TreeMap<>();
        double zeros = 0;
        if (Math.abs(value) < MIN_MAGNITUDE) {
            zeros = count;
        } else {
            (value > 0 ? positive : negative).put(index(Math.abs(value)), count);
        }
        return new Sketch(positive, negative, zeros);
    }

    public Sketch plus(Sketch other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        return new Sketch(merge(positive, other.positive), merge(negative, other.negative), zeros + other.zeros);
    }

    public boolean isEmpty() {
        return positive.isEmpty() && negative.isEmpty() && zeros == 0;
    }

    public double count() {
        return sum(positive) + sum(negative) + zeros;
    }

    /**
     * The value at quantile {@code q} (0 to 1) of the samples, within 1% of a sample at that rank; NaN when the
     * sketch is empty.
     */
    public double quantile(double q) {
        double total = count();
        if (total == 0) {
            return Double.NaN;
        }
        double rank = q * (total - 1);
        double seen = 0;
        for (Map.Entry<Integer, Double> bucket : negative.descendingMap().entrySet()) {
            seen += bucket.getValue();
            if (seen > rank) {
                return -value(bucket.getKey());
            }
        }
        seen += zeros;
        if (seen > rank) {
            return 0;
        }
        for (Map.Entry<Integer, Double> bucket : positive.entrySet()) {
            seen += bucket.getValue();
            if (seen > rank) {
                return value(bucket.getKey());
            }
        }
        return value(positive.isEmpty() ? 0 : positive.lastKey());
    }

    void write(DataOutputStream out) throws IOException {
        out.writeDouble(zeros);
        writeBuckets(out, positive);
        writeBuckets(out, negative);
    }

    static Sketch read(DataInputStream in) throws IOException {
        double zeros = in.readDouble();
        return new Sketch(readBuckets(in), readBuckets(in), zeros);
    }

    private static int index(double magnitude) {
        return (int) Math.ceil(Math.log(magnitude) / LOG_GAMMA);
    }

    /** The bucket's representative: within the relative accuracy of every value of {@code (gamma^(i-1), gamma^i]}. */
    private static double value(int index) {
        return 2 * Math.pow(GAMMA, index) / (GAMMA + 1);
    }

    private static NavigableMap<Integer, Double> merge(
            NavigableMap<Integer, Double> a, NavigableMap<Integer, Double> b) {
        TreeMap<Integer, Double> merged = new TreeMap<>(a);
        b.forEach((index, count) -> merged.merge(index, count, Double::sum));
        while (merged.size() > MAX_BUCKETS) {
            Map.Entry<Integer, Double> lowest = merged.pollFirstEntry();
            merged.merge(merged.firstKey(), lowest.getValue(), Double::sum);
        }
        return merged;
    }

    private static double sum(Map<Integer, Double> buckets) {
        double total = 0;
        for (double count : buckets.values()) {
            total += count;
        }
        return total;
    }

    private static void writeBuckets(DataOutputStream out, Map<Integer, Double> buckets) throws IOException {
        out.writeInt(buckets.size());
        for (Map.Entry<Integer, Double> bucket : buckets.entrySet()) {
            out.writeInt(bucket.getKey());
            out.writeDouble(bucket.getValue());
        }
    }

    private static NavigableMap<Integer, Double> readBuckets(DataInputStream in) throws IOException {
        int size = in.readInt();
        if (size < 0 || size > MAX_BUCKETS) {
            throw new IOException("Unreadable sketch: " + size + " buckets");
        }
        TreeMap<Integer, Double> buckets = new TreeMap<>();
        for (int i = 0; i < size; i++) {
            buckets.put(in.readInt(), in.readDouble());
        }
        return buckets;
    }
}

package io.millrace.bench.report;

import java.util.Locale;
import java.util.OptionalDouble;

/** Ratios between two figures of one run, as the report prints them. */
public final class Ratios {

    private Ratios() {}

    /** {@code numerator / denominator}, empty when either is unknown or the denominator is not positive. */
    public static OptionalDouble of(OptionalDouble numerator, OptionalDouble denominator) {
        return numerator.isPresent() && denominator.isPresent() && denominator.getAsDouble() > 0
                ? OptionalDouble.of(numerator.getAsDouble() / denominator.getAsDouble())
                : OptionalDouble.empty();
    }

    public static OptionalDouble of(double numerator, double denominator) {
        return of(OptionalDouble.of(numerator), OptionalDouble.of(denominator));
    }

    /** "0.31×", or a dash when there is no ratio. */
    public static String times(OptionalDouble ratio) {
        return ratio.isPresent() ? String.format(Locale.ROOT, "%.2f×", ratio.getAsDouble()) : "–";
    }
}

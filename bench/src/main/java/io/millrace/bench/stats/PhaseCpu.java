package io.millrace.bench.stats;

import java.util.OptionalDouble;

/**
 * CPU seconds (user plus system, from the OS) spent during one phase by the platform process under test and by the
 * bench's own process; {@code NaN} where it could not be measured.
 */
public record PhaseCpu(double platformSeconds, double clientSeconds) {

    public static final double GIB = 1024.0 * 1024.0 * 1024.0;

    /** Nothing measured. */
    public static final PhaseCpu NONE = new PhaseCpu(Double.NaN, Double.NaN);

    /** Platform CPU seconds per GiB of record data moved, empty when unknown or when no byte moved. */
    public OptionalDouble platformPerGiB(long bytes) {
        return perGiB(platformSeconds, bytes);
    }

    /** The bench's own CPU seconds per GiB of record data moved. */
    public OptionalDouble clientPerGiB(long bytes) {
        return perGiB(clientSeconds, bytes);
    }

    static OptionalDouble perGiB(double seconds, long bytes) {
        return Double.isNaN(seconds) || bytes <= 0
                ? OptionalDouble.empty()
                : OptionalDouble.of(seconds / (bytes / GIB));
    }
}

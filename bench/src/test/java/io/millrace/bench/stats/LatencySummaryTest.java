package io.millrace.bench.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {

    /** Three significant digits: a percentile may be off by one part in a thousand. */
    private static final double PRECISION = 0.001;

    private static Histogram micros() {
        return new Histogram(Meter.HIGHEST_MICROS, Meter.SIGNIFICANT_DIGITS);
    }

    @Test
    void uniformDistributionHasPercentilesAtTheirRank() {
        Histogram h = micros();
        for (long v = 1; v <= 100_000; v++) {
            h.recordValue(v);
        }

        LatencySummary s = LatencySummary.of(h);

        assertThat(s.count()).isEqualTo(100_000);
        assertThat(s.p50()).isCloseTo(50.0, within(50.0 * PRECISION));
        assertThat(s.p90()).isCloseTo(90.0, within(90.0 * PRECISION));
        assertThat(s.p99()).isCloseTo(99.0, within(99.0 * PRECISION));
        assertThat(s.p999()).isCloseTo(99.9, within(99.9 * PRECISION));
        assertThat(s.max()).isCloseTo(100.0, within(100.0 * PRECISION));
        assertThat(s.mean()).isCloseTo(50.0, within(50.0 * PRECISION));
    }

    @Test
    void rareSlowCallsShowOnlyInTheTail() {
        Histogram h = micros();
        h.recordValueWithCount(1_000, 9_900); // 99% at 1 ms
        h.recordValueWithCount(20_000, 90); // 0.9% at 20 ms
        h.recordValueWithCount(500_000, 10); // 0.1% at 500 ms

        LatencySummary s = LatencySummary.of(h);

        assertThat(s.p50()).isCloseTo(1.0, within(PRECISION));
        assertThat(s.p90()).isCloseTo(1.0, within(PRECISION));
        assertThat(s.p99()).isCloseTo(1.0, within(PRECISION));
        assertThat(s.p999()).isCloseTo(20.0, within(20.0 * PRECISION));
        assertThat(s.max()).isCloseTo(500.0, within(500.0 * PRECISION));
    }

    @Test
    void exponentialDistributionMatchesItsQuantileFunction() {
        // Quantile of Exp(mean m) at q is -m ln(1 - q): a long-tailed shape close to real latencies.
        double mean = 5_000; // µs
        Histogram h = micros();
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            double q = (i + 0.5) / n;
            h.recordValue(Math.round(-mean * Math.log(1 - q)));
        }

        LatencySummary s = LatencySummary.of(h);

        for (double[] expected : new double[][] {{0.5, s.p50()}, {0.9, s.p90()}, {0.99, s.p99()}, {0.999, s.p999()}}) {
            double exact = -mean * Math.log(1 - expected[0]) / 1000.0;
            assertThat(expected[1]).as("percentile %s", expected[0]).isCloseTo(exact, within(exact * 0.002));
        }
        assertThat(s.mean()).isCloseTo(5.0, within(0.01));
    }

    @Test
    void emptyHistogramGivesZeros() {
        assertThat(LatencySummary.of(micros())).isEqualTo(new LatencySummary(0, 0, 0, 0, 0, 0, 0));
    }
}

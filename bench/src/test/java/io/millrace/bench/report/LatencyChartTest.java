package io.millrace.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.millrace.bench.stats.Meter;
import java.util.Arrays;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencyChartTest {

    @Test
    void bandsDoubleInWidthFromOneMillisecond() {
        assertThat(LatencyChart.band(999)).isEqualTo(-1); // [0.5, 1) ms
        assertThat(LatencyChart.band(1_000)).isZero(); // [1, 2) ms
        assertThat(LatencyChart.band(1_999)).isZero();
        assertThat(LatencyChart.band(2_000)).isEqualTo(1); // [2, 4) ms
        assertThat(LatencyChart.band(40_000)).isEqualTo(5); // [32, 64) ms
        assertThat(LatencyChart.band(0)).isEqualTo(LatencyChart.band(1)).isEqualTo(-10);
    }

    @Test
    void bandsAreLabelledByTheirLowerBoundInMilliseconds() {
        assertThat(LatencyChart.bandStart(-2)).isEqualTo("0.25");
        assertThat(LatencyChart.bandStart(0)).isEqualTo("1");
        assertThat(LatencyChart.bandStart(5)).isEqualTo("32");
    }

    @Test
    void sharesArePercentagesOfAllCalls() {
        Histogram h = new Histogram(Meter.HIGHEST_MICROS, Meter.SIGNIFICANT_DIGITS);
        h.recordValueWithCount(1_100, 75); // band 0: [1, 2) ms
        h.recordValueWithCount(3_000, 25); // band 1: [2, 4) ms

        double[] shares = LatencyChart.bandShares(h, 0, 3);

        assertThat(shares[0]).isCloseTo(75.0, within(1e-9));
        assertThat(shares[1]).isCloseTo(25.0, within(1e-9));
        assertThat(shares[2]).isZero();
        assertThat(Arrays.stream(shares).sum()).isCloseTo(100.0, within(1e-9));
    }
}

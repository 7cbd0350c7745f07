package io.millrace.bench.report;

import io.millrace.bench.stats.RunResult;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Latency histogram of every run: the share of calls in each band, bands doubling in width (..., 0.5-1 ms, 1-2 ms,
 * 2-4 ms, ...), because latencies spread over orders of magnitude and the tail is what matters.
 */
public final class LatencyChart {

    private LatencyChart() {}

    /** Share of the run's calls in each band, from band {@code firstBand}; see {@link #band(long)}. */
    static double[] bandShares(Histogram micros, int firstBand, int bands) {
        double[] shares = new double[bands];
        long total = micros.getTotalCount();
        if (total == 0) {
            return shares;
        }
        for (HistogramIterationValue v : micros.recordedValues()) {
            int band = band(v.getValueIteratedTo()) - firstBand;
            shares[Math.max(0, Math.min(bands - 1, band))] += 100.0 * v.getCountAddedInThisIterationStep() / total;
        }
        return shares;
    }

    /** Band b holds latencies in [2^b, 2^(b+1)) milliseconds, b negative below 1 ms; 0 counts as 1 µs. */
    static int band(long micros) {
        return Math.getExponent(Math.max(1, micros) / 1000.0);
    }

    public static void write(List<RunResult> runs, Path file) throws IOException {
        long min = runs.stream()
                .filter(r -> r.latency().getTotalCount() > 0)
                .mapToLong(r -> r.latency().getMinValue())
                .min()
                .orElse(1);
        long max = runs.stream().mapToLong(r -> r.latency().getMaxValue()).max().orElse(1);
        int firstBand = band(min);
        int bands = band(max) - firstBand + 1;
        double[][] shares = new double[runs.size()][];
        double highest = 0;
        for (int i = 0; i < runs.size(); i++) {
            shares[i] = bandShares(runs.get(i).latency(), firstBand, bands);
            for (double s : shares[i]) {
                highest = Math.max(highest, s);
            }
        }
        try (Canvas c = new Canvas(
                "Latency histogram",
                "latency (ms, lower bound of each band; each band twice as wide as the one before)",
                "% of calls")) {
            double yMax = c.yAxis(highest);
            double bandWidth = (double) (c.right - c.left) / bands;
            double barWidth = bandWidth * 0.8 / Math.max(1, runs.size());
            int labelEvery = Math.max(1, (int) Math.ceil(bands / 16.0));
            for (int b = 0; b < bands; b++) {
                int x0 = c.left + (int) Math.round(b * bandWidth);
                if (b % labelEvery == 0) {
                    c.xTickLabel(bandStart(firstBand + b), x0);
                }
                for (int i = 0; i < runs.size(); i++) {
                    int x = x0 + (int) Math.round(bandWidth * 0.1 + i * barWidth);
                    int y = c.yPixel(shares[i][b], yMax);
                    c.g.setColor(Canvas.PALETTE[i % Canvas.PALETTE.length]);
                    c.g.fillRect(x, y, Math.max(1, (int) Math.floor(barWidth)), c.bottom - y);
                }
            }
            c.legend(runs.stream().map(RunResult::name).toList());
            c.write(file);
        }
    }

    static String bandStart(int band) {
        // Powers of two are exact in binary and in decimal: 0.25, 0.5, 1, 2, ... print without rounding.
        return BigDecimal.valueOf(Math.scalb(1.0, band)).stripTrailingZeros().toPlainString();
    }
}

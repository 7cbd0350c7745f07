package io.millrace.bench.report;

import io.millrace.bench.stats.RunResult;
import io.millrace.bench.stats.Sample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Records per second of every run, one line each, against seconds since that run started. */
public final class ThroughputChart {

    private ThroughputChart() {}

    public static void write(List<RunResult> runs, Path file) throws IOException {
        double maxSecond = runs.stream()
                .flatMap(r -> r.timeline().stream())
                .mapToDouble(Sample::second)
                .max()
                .orElse(1);
        double maxRate = runs.stream()
                .flatMap(r -> r.timeline().stream())
                .mapToDouble(Sample::recordsPerSecond)
                .max()
                .orElse(1);
        try (Canvas c = new Canvas("Throughput over time", "seconds since the run started", "records/s")) {
            double yMax = c.yAxis(maxRate);
            double xMax = Math.max(1, Math.ceil(maxSecond));
            double xStep = Canvas.niceStep(xMax / 10);
            for (double s = 0; s <= xMax + xStep / 2; s += xStep) {
                c.xTickLabel(String.format(Locale.ROOT, "%.0f", s), xPixel(c, s, xMax));
            }
            for (int i = 0; i < runs.size(); i++) {
                c.stroke(Canvas.PALETTE[i % Canvas.PALETTE.length], 2f);
                int px = xPixel(c, 0, xMax);
                int py = c.yPixel(0, yMax);
                for (Sample sample : runs.get(i).timeline()) {
                    int x = xPixel(c, sample.second(), xMax);
                    int y = c.yPixel(sample.recordsPerSecond(), yMax);
                    c.g.drawLine(px, py, x, y);
                    c.g.fillOval(x - 3, y - 3, 6, 6);
                    px = x;
                    py = y;
                }
            }
            c.legend(runs.stream().map(RunResult::name).toList());
            c.write(file);
        }
    }

    private static int xPixel(Canvas c, double second, double xMax) {
        return c.left + (int) Math.round((c.right - c.left) * (second / xMax));
    }
}

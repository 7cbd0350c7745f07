package io.millrace.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.bench.stats.Meter;
import io.millrace.bench.stats.Operation;
import io.millrace.bench.stats.PhaseCpu;
import io.millrace.bench.stats.RunResult;
import io.millrace.bench.stats.Sample;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarkdownReportTest {

    @TempDir
    Path results;

    /** A run with a fixed latency per call, so every percentile of the row is known. */
    private static RunResult run(
            String name, Operation op, boolean kafka, long records, long bytes, double seconds, long latencyMicros) {
        Histogram latency = new Histogram(Meter.HIGHEST_MICROS, Meter.SIGNIFICANT_DIGITS);
        latency.recordValueWithCount(latencyMicros, 100);
        List<Sample> timeline = List.of(
                new Sample(1, records / seconds * 0.9, 1.0, latencyMicros / 1000.0, -1),
                new Sample(2, records / seconds * 1.1, 1.2, latencyMicros / 1000.0, -1));
        return new RunResult(
                name,
                op,
                kafka,
                "one call",
                records,
                bytes,
                seconds,
                latency,
                timeline,
                Map.of("failed calls", "0"),
                PhaseCpu.NONE);
    }

    private static List<RunResult> runs() {
        return List.of(
                run("put", Operation.WRITE, false, 10_000, 10_240_000, 2.0, 4_000),
                run("get", Operation.READ, false, 10_000, 10_240_000, 0.5, 1_500),
                run("kafka put", Operation.WRITE, true, 20_000, 20_480_000, 2.0, 2_000),
                run("kafka read", Operation.READ, true, 40_000, 40_960_000, 0.5, 500));
    }

    /** Throttled and dropped entries show on the console under the table, not only in the report. */
    @Test
    void notesArePrintedUnderTheSummaryTable() {
        RunResult put = new RunResult(
                "put",
                Operation.WRITE,
                false,
                "one call",
                10,
                10_240,
                1.0,
                new Histogram(Meter.HIGHEST_MICROS, Meter.SIGNIFICANT_DIGITS),
                List.of(),
                new LinkedHashMap<>(Map.of("throttled entries (sent again)", "1200")),
                PhaseCpu.NONE);
        put.notes().put("dropped entries", "3");
        RunResult quiet = new RunResult(
                "kafka put",
                Operation.WRITE,
                true,
                "one call",
                10,
                10_240,
                1.0,
                new Histogram(Meter.HIGHEST_MICROS, Meter.SIGNIFICANT_DIGITS),
                List.of(),
                Map.of(),
                PhaseCpu.NONE);

        assertThat(SummaryTable.notes(List.of(put, quiet)))
                .isEqualTo("put: throttled entries (sent again) 1200, dropped entries 3\n");
    }

    @Test
    void summaryTableHasOneRowPerRunWithThroughputPercentilesAndRatio() {
        String table = SummaryTable.markdown(runs());

        assertThat(table.lines().toList())
                .containsExactly(
                        SummaryTable.HEADER,
                        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
                        "| put | write | 10,000 | 5,000 | 4.88 | 4.00 | 4.00 | 4.00 | 4.00 | 4.00 | 0.50× | – | – | – |",
                        "| get | read | 10,000 | 20,000 | 19.53 | 1.50 | 1.50 | 1.50 | 1.50 | 1.50 | 0.25× | – | – | – |",
                        "| kafka put | write | 20,000 | 10,000 | 9.77 | 2.00 | 2.00 | 2.00 | 2.00 | 2.00 | baseline | – | – |"
                                + " baseline |",
                        "| kafka read | read | 40,000 | 80,000 | 78.13 | 0.50 | 0.50 | 0.50 | 0.50 | 0.50 | baseline | – | – |"
                                + " baseline |");
    }

    @Test
    void runWithoutBaselineHasNoRatio() {
        String table = SummaryTable.markdown(List.of(run("e2e", Operation.VISIBILITY, false, 10, 160, 1.0, 800)));

        assertThat(table)
                .contains("| e2e | put-to-get | 10 | 10 | 0.00 | 0.80 | 0.80 | 0.80 | 0.80 | 0.80 | – | – | – | – |");
    }

    @Test
    void writesReportChartsAndTimelineIntoATimestampedFolder() throws Exception {
        Instant startedAt = Instant.parse("2026-11-25T22:30:05Z");
        Path dir = ResultsFolder.create(results, "get", startedAt);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("endpoint", "http://127.0.0.1:4567 (CBOR, region us-east-1)");
        params.put("shards", "2");

        Path report = MarkdownReport.write(dir, "get", startedAt, params, runs(), List.of("stream left behind"));

        assertThat(dir).isEqualTo(results.resolve("20261125-223005-get"));
        assertThat(report).isEqualTo(dir.resolve("report.md"));
        String md = Files.readString(report);
        assertThat(md)
                .startsWith("# Millrace bench: get\n")
                .contains("Started 2026-11-25T22:30:05Z")
                .contains(SummaryTable.markdown(runs()))
                .contains("| endpoint | http://127.0.0.1:4567 (CBOR, region us-east-1) |")
                .contains("| shards | 2 |")
                .contains("- put: 10,000 records, 9.77 MiB in 2.0 s")
                .contains("  - failed calls: 0")
                .contains("- warning: stream left behind")
                .contains("![Throughput over time](throughput.png)")
                .contains("![Latency histogram](latency.png)");
        for (String png : List.of(MarkdownReport.THROUGHPUT_PNG, MarkdownReport.LATENCY_PNG)) {
            BufferedImage image = ImageIO.read(dir.resolve(png).toFile());
            assertThat(image).as(png).isNotNull();
            assertThat(image.getWidth()).isEqualTo(Canvas.WIDTH);
            assertThat(image.getHeight()).isEqualTo(Canvas.HEIGHT);
        }
        assertThat(Files.readAllLines(dir.resolve(MarkdownReport.TIMELINE_CSV)))
                .hasSize(1 + 4 * 2)
                .first()
                .isEqualTo("run,second,records_per_second,mib_per_second,p99_ms,gauge");
    }

    @Test
    void secondRunInTheSameSecondGetsItsOwnFolder() throws Exception {
        Instant at = Instant.parse("2026-11-25T22:30:05Z");

        Path first = ResultsFolder.create(results, "put", at);
        Path second = ResultsFolder.create(results, "put", at);

        assertThat(second).isNotEqualTo(first).hasFileName("20261125-223005-put-2");
    }

    @Test
    void chartsDrawRunsWithoutSamples() throws Exception {
        RunResult empty = new RunResult(
                "empty",
                Operation.WRITE,
                false,
                "one call",
                0,
                0,
                0.1,
                new Histogram(Meter.HIGHEST_MICROS, Meter.SIGNIFICANT_DIGITS),
                List.of(),
                Map.of(),
                PhaseCpu.NONE);
        Path dir = ResultsFolder.create(results, "put", Instant.now());

        MarkdownReport.write(dir, "put", Instant.now(), Map.of(), List.of(empty), List.of());

        assertThat(ImageIO.read(dir.resolve(MarkdownReport.LATENCY_PNG).toFile()))
                .isNotNull();
        assertThat(ImageIO.read(dir.resolve(MarkdownReport.THROUGHPUT_PNG).toFile()))
                .isNotNull();
    }
}

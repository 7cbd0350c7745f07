package io.millrace.bench.report;

import io.millrace.bench.stats.RunResult;
import io.millrace.bench.stats.Sample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a run's folder: {@code report.md} (parameters, summary table, notes, charts), the two PNG charts and
 * {@code timeline.csv} with the per-second samples, for whoever wants to plot them differently.
 */
public final class MarkdownReport {

    public static final String REPORT = "report.md";
    public static final String THROUGHPUT_PNG = "throughput.png";
    public static final String LATENCY_PNG = "latency.png";
    public static final String TIMELINE_CSV = "timeline.csv";

    private MarkdownReport() {}

    /**
     * @param parameters what the run was given, in display order
     * @param warnings   things the reader must know (leftover streams, ...), may be empty
     * @return the report file
     */
    public static Path write(
            Path dir,
            String workload,
            Instant startedAt,
            Map<String, String> parameters,
            List<RunResult> runs,
            List<String> warnings)
            throws IOException {
        ThroughputChart.write(runs, dir.resolve(THROUGHPUT_PNG));
        LatencyChart.write(runs, dir.resolve(LATENCY_PNG));
        Files.writeString(dir.resolve(TIMELINE_CSV), timelineCsv(runs), StandardCharsets.UTF_8);
        Path report = dir.resolve(REPORT);
        Files.writeString(report, markdown(workload, startedAt, parameters, runs, warnings), StandardCharsets.UTF_8);
        return report;
    }

    static String markdown(
            String workload,
            Instant startedAt,
            Map<String, String> parameters,
            List<RunResult> runs,
            List<String> warnings) {
        StringBuilder md = new StringBuilder();
        md.append("# Millrace bench: ").append(workload).append("\n\n");
        md.append("Started ")
                .append(startedAt.truncatedTo(ChronoUnit.SECONDS))
                .append(" on ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" cores, Java ")
                .append(System.getProperty("java.version"))
                .append(".\n\n");

        md.append("## Summary\n\n").append(SummaryTable.markdown(runs)).append('\n');
        md.append("Throughput counts payload bytes (data blobs, Kafka values), not partition keys. "
                + "\"vs Kafka\" is records/s divided by the raw Kafka run of the same operation. CPU s/GiB is the user plus"
                + " system CPU time of the platform process (from /proc/PID/stat) and of the bench's own process during"
                + " the run, per GiB of record data it moved; \"platform CPU vs Kafka\" divides the platform's by the"
                + " Kafka run's of the same operation (with --compare on the platform's own broker: the broker's own"
                + " cost for the same bytes). Runs that overlap (e2e's put and read, firehose's put and s3) each count"
                + " all CPU of their own span.\n\n");
        md.append("What one latency sample is:\n\n");
        for (RunResult run : runs) {
            md.append("- ")
                    .append(run.name())
                    .append(": ")
                    .append(run.latencyOf())
                    .append('\n');
        }

        md.append("\n## Parameters\n\n| parameter | value |\n|---|---|\n");
        parameters.forEach(
                (k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));

        md.append("\n## Notes\n\n");
        for (RunResult run : runs) {
            md.append(String.format(
                    Locale.ROOT,
                    "- %s: %,d records, %,.2f MiB in %.1f s%n",
                    run.name(),
                    run.records(),
                    run.bytes() / RunResult.MIB,
                    run.seconds()));
            md.append(String.format(
                    Locale.ROOT,
                    "  - CPU during the run: platform %s, bench %s%n",
                    cpuSeconds(run.cpu().platformSeconds()),
                    cpuSeconds(run.cpu().clientSeconds())));
            run.notes()
                    .forEach((k, v) ->
                            md.append("  - ").append(k).append(": ").append(v).append('\n'));
        }
        for (String warning : warnings) {
            md.append("- warning: ").append(warning).append('\n');
        }

        md.append("\n## Charts\n\n");
        md.append("![Throughput over time](").append(THROUGHPUT_PNG).append(")\n\n");
        md.append("![Latency histogram](").append(LATENCY_PNG).append(")\n\n");
        md.append("Per-second samples: [")
                .append(TIMELINE_CSV)
                .append("](")
                .append(TIMELINE_CSV)
                .append(").\n");
        return md.toString();
    }

    private static String cpuSeconds(double seconds) {
        return Double.isNaN(seconds) ? "not measured" : String.format(Locale.ROOT, "%.2f s", seconds);
    }

    static String timelineCsv(List<RunResult> runs) {
        StringBuilder csv = new StringBuilder("run,second,records_per_second,mib_per_second,p99_ms,gauge\n");
        for (RunResult run : runs) {
            for (Sample s : run.timeline()) {
                csv.append(String.format(
                        Locale.ROOT,
                        "%s,%.3f,%.1f,%.3f,%.3f,%d%n",
                        run.name(),
                        s.second(),
                        s.recordsPerSecond(),
                        s.mibPerSecond(),
                        s.p99Millis(),
                        s.gauge()));
            }
        }
        return csv.toString();
    }
}

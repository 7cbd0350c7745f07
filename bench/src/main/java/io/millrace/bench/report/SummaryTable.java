package io.millrace.bench.report;

import io.millrace.bench.stats.LatencySummary;
import io.millrace.bench.stats.RunResult;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/** The summary table as Markdown; the same text is printed at the end of a run and heads the report. */
public final class SummaryTable {

    static final String HEADER =
            "| run | operation | records | records/s | MiB/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | vs Kafka"
                    + " | platform CPU s/GiB | client CPU s/GiB | platform CPU vs Kafka |";
    private static final String ALIGN = "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";

    private SummaryTable() {}

    public static String markdown(List<RunResult> runs) {
        StringBuilder out = new StringBuilder(HEADER).append('\n').append(ALIGN).append('\n');
        for (SummaryRow row : SummaryRow.of(runs)) {
            RunResult run = row.run();
            LatencySummary l = row.latency();
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %,d | %,.0f | %,.2f | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    run.name(),
                    run.operation().label(),
                    run.records(),
                    run.recordsPerSecond(),
                    run.mibPerSecond(),
                    millis(l, l.p50()),
                    millis(l, l.p90()),
                    millis(l, l.p99()),
                    millis(l, l.p999()),
                    millis(l, l.max()),
                    run.kafka() ? "baseline" : Ratios.times(row.ratioToKafka()),
                    seconds(row.platformCpuPerGiB()),
                    seconds(row.clientCpuPerGiB()),
                    run.kafka() ? "baseline" : Ratios.times(row.platformCpuVsKafka())));
        }
        return out.toString();
    }

    /** A latency column, or a dash for a run without latency samples (fan-out reads measure throughput only). */
    private static String millis(LatencySummary latency, double value) {
        return latency.count() == 0 ? "–" : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String seconds(OptionalDouble value) {
        return value.isPresent() ? String.format(Locale.ROOT, "%.2f", value.getAsDouble()) : "–";
    }

    /**
     * One line per run with notes (throttled and dropped entries, errors, ...), printed under the table: figures
     * that change how the table reads belong on the console, not only in the report.
     */
    public static String notes(List<RunResult> runs) {
        StringBuilder out = new StringBuilder();
        for (RunResult run : runs) {
            if (!run.notes().isEmpty()) {
                out.append(run.name()).append(": ");
                out.append(String.join(
                        ", ",
                        run.notes().entrySet().stream()
                                .map(e -> e.getKey() + " " + e.getValue())
                                .toList()));
                out.append('\n');
            }
        }
        return out.toString();
    }
}

package io.millrace.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.bench.stats.Meter;
import io.millrace.bench.stats.Operation;
import io.millrace.bench.stats.PhaseCpu;
import io.millrace.bench.stats.RunResult;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class SummaryRowTest {

    private static final long GIB = 1024L * 1024 * 1024;

    private static RunResult run(String name, Operation op, boolean kafka, long bytes, PhaseCpu cpu) {
        return new RunResult(
                name,
                op,
                kafka,
                "one call",
                bytes / 1024,
                bytes,
                10.0,
                new Histogram(Meter.HIGHEST_MICROS, Meter.SIGNIFICANT_DIGITS),
                List.of(),
                Map.of(),
                cpu);
    }

    @Test
    void platformCpuPerGibIsComparedWithTheKafkaRunOfTheSameOperation() {
        List<RunResult> runs = List.of(
                run("put", Operation.WRITE, false, 2 * GIB, new PhaseCpu(50.0, 4.0)),
                run("get", Operation.READ, false, GIB, new PhaseCpu(6.0, 3.0)),
                run("kafka put", Operation.WRITE, true, 4 * GIB, new PhaseCpu(20.0, 8.0)),
                run("kafka read", Operation.READ, true, GIB, new PhaseCpu(4.0, 1.0)));

        List<SummaryRow> rows = SummaryRow.of(runs);

        assertThat(rows.get(0).platformCpuPerGiB()).hasValue(25.0);
        assertThat(rows.get(0).clientCpuPerGiB()).hasValue(2.0);
        assertThat(rows.get(0).platformCpuVsKafka()).hasValue(5.0); // 25 s/GiB against 5 s/GiB
        assertThat(rows.get(0).ratioToKafka()).hasValue(0.5); // half the records/s
        assertThat(rows.get(1).platformCpuVsKafka()).hasValue(1.5); // 6 s/GiB against 4 s/GiB
        assertThat(rows.get(2).platformCpuPerGiB()).hasValue(5.0);
        assertThat(rows.get(2).platformCpuVsKafka()).isEmpty();

        assertThat(SummaryTable.markdown(runs))
                .contains("| 0.50× | 25.00 | 2.00 | 5.00× |")
                .contains("| 1.00× | 6.00 | 3.00 | 1.50× |")
                .contains("| baseline | 5.00 | 2.00 | baseline |");
    }

    @Test
    void withoutPlatformCpuTheColumnsStayEmptyAndTheClientsOwnIsStillShown() {
        List<RunResult> runs = List.of(
                run("put", Operation.WRITE, false, GIB, new PhaseCpu(Double.NaN, 1.5)),
                run("kafka put", Operation.WRITE, true, GIB, new PhaseCpu(Double.NaN, 0.5)));

        SummaryRow put = SummaryRow.of(runs).get(0);

        assertThat(put.platformCpuPerGiB()).isEmpty();
        assertThat(put.platformCpuVsKafka()).isEmpty();
        assertThat(put.clientCpuPerGiB()).hasValue(1.5);
        assertThat(SummaryTable.markdown(runs)).contains("| 1.00× | – | 1.50 | – |");
    }

    @Test
    void runsWithoutLatencySamplesShowDashesAndTheReportGivesTheCpuSeconds() {
        List<RunResult> runs = List.of(run("fan-out read", Operation.READ, false, GIB, new PhaseCpu(12.5, 3.25)));

        assertThat(SummaryTable.markdown(runs))
                .contains("| fan-out read | read | 1,048,576 | 104,858 | 102.40 | – | – | – | – | – |");
        assertThat(MarkdownReport.markdown("get", java.time.Instant.EPOCH, Map.of(), runs, List.of()))
                .contains("  - CPU during the run: platform 12.50 s, bench 3.25 s");
    }

    @Test
    void ratiosNeedBothFiguresAndAPositiveDenominator() {
        assertThat(Ratios.of(3.0, 4.0)).hasValue(0.75);
        assertThat(Ratios.of(3.0, 0.0)).isEmpty();
        assertThat(Ratios.of(OptionalDouble.empty(), OptionalDouble.of(2))).isEmpty();
        assertThat(Ratios.times(OptionalDouble.of(0.314))).isEqualTo("0.31×");
        assertThat(Ratios.times(OptionalDouble.empty())).isEqualTo("–");
    }
}

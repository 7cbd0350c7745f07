package io.millrace.bench.report;

import io.millrace.bench.stats.LatencySummary;
import io.millrace.bench.stats.RunResult;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One line of the summary table: a run and, for the Kinesis runs, their throughput as a fraction of the Kafka
 * baseline run of the same operation in the same report.
 */
public record SummaryRow(RunResult run, LatencySummary latency, OptionalDouble ratioToKafka) {

    public static List<SummaryRow> of(List<RunResult> runs) {
        return runs.stream()
                .map(run -> new SummaryRow(run, run.latencySummary(), ratio(run, runs)))
                .toList();
    }

    private static OptionalDouble ratio(RunResult run, List<RunResult> runs) {
        if (run.kafka()) {
            return OptionalDouble.empty();
        }
        Optional<RunResult> baseline = runs.stream()
                .filter(r -> r.kafka() && r.operation() == run.operation() && r.recordsPerSecond() > 0)
                .findFirst();
        return baseline.map(b -> OptionalDouble.of(run.recordsPerSecond() / b.recordsPerSecond()))
                .orElse(OptionalDouble.empty());
    }
}

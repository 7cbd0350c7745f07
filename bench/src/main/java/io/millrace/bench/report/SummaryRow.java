package io.millrace.bench.report;

import io.millrace.bench.stats.LatencySummary;
import io.millrace.bench.stats.RunResult;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One line of the summary table: a run, its CPU cost per GiB, and for the Kinesis runs two ratios to the Kafka
 * baseline run of the same operation in the same report: throughput (records/s) and platform CPU per GiB. With
 * {@code --compare} the baseline runs on the platform's own broker, so the second ratio is what the gateway costs
 * on top of Kafka's own work for the same bytes.
 *
 * @param ratioToKafka       records/s divided by the baseline's
 * @param platformCpuPerGiB  platform CPU seconds per GiB of record data
 * @param clientCpuPerGiB    the bench's own CPU seconds per GiB
 * @param platformCpuVsKafka platform CPU per GiB divided by the baseline's
 */
public record SummaryRow(
        RunResult run,
        LatencySummary latency,
        OptionalDouble ratioToKafka,
        OptionalDouble platformCpuPerGiB,
        OptionalDouble clientCpuPerGiB,
        OptionalDouble platformCpuVsKafka) {

    public static List<SummaryRow> of(List<RunResult> runs) {
        return runs.stream().map(run -> of(run, runs)).toList();
    }

    private static SummaryRow of(RunResult run, List<RunResult> runs) {
        OptionalDouble cpu = platformCpuPerGiB(run);
        Optional<RunResult> baseline = baseline(run, runs);
        return new SummaryRow(
                run,
                run.latencySummary(),
                baseline.map(b -> Ratios.of(run.recordsPerSecond(), b.recordsPerSecond()))
                        .orElse(OptionalDouble.empty()),
                cpu,
                run.cpu().clientPerGiB(run.bytes()),
                baseline.map(b -> Ratios.of(cpu, platformCpuPerGiB(b))).orElse(OptionalDouble.empty()));
    }

    private static OptionalDouble platformCpuPerGiB(RunResult run) {
        return run.cpu().platformPerGiB(run.bytes());
    }

    /** The Kafka run of the same operation, for a Kinesis run. */
    private static Optional<RunResult> baseline(RunResult run, List<RunResult> runs) {
        if (run.kafka()) {
            return Optional.empty();
        }
        return runs.stream()
                .filter(r -> r.kafka() && r.operation() == run.operation())
                .findFirst();
    }
}

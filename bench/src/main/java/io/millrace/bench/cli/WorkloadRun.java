package io.millrace.bench.cli;

import io.millrace.bench.report.MarkdownReport;
import io.millrace.bench.report.ResultsFolder;
import io.millrace.bench.report.SummaryTable;
import io.millrace.bench.stats.CpuProbe;
import io.millrace.bench.stats.RunResult;
import io.millrace.bench.workload.BenchFailure;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Model.CommandSpec;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * What every workload command does around its runs: time-stamp it, write the results folder, print the summary,
 * and turn a failed run into a one-line message and exit code 1 (usage errors have exit code 2, from picocli).
 */
final class WorkloadRun {

    /** The runs of one workload; it fills in the report's parameters and any warnings as it goes. */
    @FunctionalInterface
    interface Body {
        List<RunResult> run(PrintWriter out, Map<String, String> parameters, List<String> warnings);
    }

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private WorkloadRun() {}

    /** A UTC time stamp that is valid in stream and topic names. */
    static String stamp(Instant at) {
        return STAMP.format(at);
    }

    /**
     * @param cpu the platform process whose CPU time each phase reads (or why there is none: said once, as a
     *            warning, and the platform CPU columns stay empty)
     */
    static int execute(CommandSpec spec, String workload, Path resultsDir, Instant startedAt, CpuProbe cpu, Body body) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, String> parameters = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        if (cpu.measuresPlatform()) {
            parameters.put("platform process", cpu.description());
        } else {
            warnings.add(cpu.description());
            out.println(cpu.description());
        }
        CpuProbe.use(cpu);
        try {
            List<RunResult> runs = body.run(out, parameters, warnings);
            Path dir = ResultsFolder.create(resultsDir, workload, startedAt);
            Path report = MarkdownReport.write(dir, workload, startedAt, parameters, runs, warnings);
            out.println();
            out.print(SummaryTable.markdown(runs));
            out.print(SummaryTable.notes(runs));
            warnings.forEach(w -> out.println("warning: " + w));
            out.println("report: " + report);
            out.flush();
            return 0;
        } catch (BenchFailure | SdkException | KafkaException e) {
            // The endpoint or the cluster refused or vanished: a message for the user, not a stack trace.
            err.println("bench " + workload + " failed: " + e.getMessage());
            warnings.forEach(w -> err.println("warning: " + w));
            err.flush();
            return 1;
        } catch (IOException e) {
            err.println("bench " + workload + ": cannot write the results under " + resultsDir + ": " + e);
            err.flush();
            return 1;
        } finally {
            CpuProbe.use(CpuProbe.none("no platform process given"));
        }
    }
}

package io.millrace.bench;

import io.millrace.bench.cli.BaselineCommand;
import io.millrace.bench.cli.E2eCommand;
import io.millrace.bench.cli.FirehoseCommand;
import io.millrace.bench.cli.GetCommand;
import io.millrace.bench.cli.LeasesCommand;
import io.millrace.bench.cli.PutCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code millrace bench <workload>}: the load generator. The launcher registers this command; {@link BenchMain}
 * runs it on its own. Exit codes: 0 done, 1 the run failed, 2 bad command line.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        synopsisSubcommandLabel = "<workload>",
        description = "Drives a Kinesis-compatible endpoint (or raw Kafka) and writes a Markdown report with charts.",
        subcommands = {
            PutCommand.class,
            GetCommand.class,
            E2eCommand.class,
            FirehoseCommand.class,
            LeasesCommand.class,
            BaselineCommand.class
        })
public final class BenchCommand implements Callable<Integer> {

    static final String WORKLOADS = "put, get, e2e, firehose, leases, baseline";

    @Spec
    CommandSpec spec;

    /**
     * Takes a word that is no workload, so that the message can list the real ones. (An {@code @Unmatched} field
     * would do it too, but picocli hands that leniency down to the subcommands, which would then swallow typos.)
     */
    @Parameters(arity = "0..1", paramLabel = "<workload>", hidden = true)
    String unknown;

    @Override
    public Integer call() {
        if (unknown == null) {
            throw new ParameterException(spec.commandLine(), "Missing workload: choose one of " + WORKLOADS);
        }
        throw new ParameterException(
                spec.commandLine(), "Unknown workload '" + unknown + "': choose one of " + WORKLOADS);
    }
}

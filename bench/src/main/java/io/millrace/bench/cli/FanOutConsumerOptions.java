package io.millrace.bench.cli;

import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The registered consumer of the fan-out modes ({@code get --fan-out}, {@code e2e --fan-out}). */
public final class FanOutConsumerOptions {

    /** AWS's rule for consumer names (RegisterStreamConsumer). */
    private static final Pattern CONSUMER_NAME = Pattern.compile("[a-zA-Z0-9_.-]{1,128}");

    @Option(
            names = "--consumer-name",
            defaultValue = "millrace-bench",
            description = "Name of the fan-out consumer (default: ${DEFAULT-VALUE})")
    String consumerName;

    void check(CommandSpec spec, boolean fanOut) {
        if (!fanOut && spec.commandLine().getParseResult().hasMatchedOption("--consumer-name")) {
            throw new ParameterException(spec.commandLine(), "--consumer-name needs --fan-out");
        }
        if (!CONSUMER_NAME.matcher(consumerName).matches()) {
            throw new ParameterException(
                    spec.commandLine(), "--consumer-name must be 1 to 128 characters of a-z, A-Z, 0-9, '_', '.', '-'");
        }
    }

    /** The readers, for the report's parameters. */
    String describeReaders(int consumers) {
        return consumers == 1
                ? "enhanced fan-out: consumer " + consumerName
                        + ", one SubscribeToShard event stream per shard (HTTP/2)"
                : "enhanced fan-out: " + consumers + " consumers " + consumerName + "-1 to -" + consumers
                        + ", each with one SubscribeToShard event stream per shard (HTTP/2)";
    }
}

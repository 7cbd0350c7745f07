package io.millrace.launcher;

import java.util.List;
import picocli.CommandLine;

/**
 * Subcommands that other modules provide ({@code sql} from analytics-service, {@code bench} from bench, {@code agent}
 * from kinesis-agent). They join the CLI when their module is on the classpath, so the launcher needs no code change
 * when it starts depending on one.
 */
final class OptionalSubcommands {

    static final List<String> CLASS_NAMES = List.of(
            "io.millrace.analytics.cli.SqlCommand", "io.millrace.bench.BenchCommand", "io.millrace.agent.AgentCommand");

    private OptionalSubcommands() {}

    static void addPresent(CommandLine cli) {
        for (String name : CLASS_NAMES) {
            Class<?> command;
            try {
                command = Class.forName(name, false, OptionalSubcommands.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                continue;
            }
            cli.addSubcommand(command);
        }
    }
}

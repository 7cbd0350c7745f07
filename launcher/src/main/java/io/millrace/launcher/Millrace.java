package io.millrace.launcher;

import io.millrace.launcher.exit.ExitCodes;
import io.millrace.launcher.exit.LauncherException;
import io.millrace.launcher.up.UpCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code millrace}: the command line of the platform. Each action is a subcommand ({@code up}, later more). */
@Command(
        name = "millrace",
        mixinStandardHelpOptions = true,
        versionProvider = MillraceVersion.class,
        description = "Amazon Kinesis APIs on Apache Kafka: one process, embedded defaults.",
        subcommands = UpCommand.class)
public final class Millrace implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(Millrace.class);
    private static final String SUBCOMMAND_OPTIONS = "subcommandOptions";

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        int exitCode = commandLine().execute(args);
        // A command that returns normally has stopped everything it started; non-daemon threads of a library must
        // not turn a finished command into a hang.
        System.exit(exitCode);
    }

    /** The CLI with its error reporting: one line on stderr, exit 2 for usage errors and 1 for failures. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Millrace());
        OptionalSubcommands.addPresent(cli);
        cli.addSubcommand(new CommandLine.HelpCommand());
        cli.setParameterExceptionHandler(Millrace::usageError);
        cli.setExecutionExceptionHandler((e, command, parseResult) -> failure(e, command));
        cli.setUsageHelpWidth(100);
        documentSubcommandOptions(cli);
        return cli;
    }

    @Override
    public Integer call() {
        // No subcommand: the help, as an error, since nothing was done.
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        command.getErr()
                .println("millrace: " + e.getMessage() + " (see '"
                        + command.getCommandSpec().qualifiedName() + " --help')");
        return ExitCodes.USAGE;
    }

    private static int failure(Exception e, CommandLine command) {
        if (e instanceof LauncherException launcher) {
            command.getErr().println("millrace: " + launcher.getMessage());
            return launcher.exitCode();
        }
        // Not the operator's fault: the stack trace is for whoever fixes it.
        LOG.error("{} failed", command.getCommandSpec().qualifiedName(), e);
        command.getErr().println("millrace: " + e);
        return ExitCodes.FAILURE;
    }

    /** {@code millrace --help} lists the options of every subcommand too, so one page documents them all. */
    private static void documentSubcommandOptions(CommandLine cli) {
        List<String> keys = new ArrayList<>(cli.getHelpSectionKeys());
        keys.add(keys.indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST) + 1, SUBCOMMAND_OPTIONS);
        cli.setHelpSectionKeys(keys);
        cli.getHelpSectionMap().put(SUBCOMMAND_OPTIONS, help -> {
            StringBuilder text = new StringBuilder();
            for (Map.Entry<String, CommandLine> sub : cli.getSubcommands().entrySet()) {
                CommandSpec subSpec = sub.getValue().getCommandSpec();
                if (subSpec.helpCommand()
                        || subSpec.options().stream().allMatch(o -> o.usageHelp() || o.versionHelp())) {
                    continue;
                }
                text.append(String.format("%nOptions of '%s':%n", subSpec.qualifiedName()))
                        .append(sub.getValue().getHelp().optionList());
            }
            return text.toString();
        });
    }
}

package io.millrace.analytics.cli;

import io.millrace.analytics.sql.ScriptVariables;
import io.millrace.analytics.sql.SqlScriptRunner;
import io.millrace.analytics.sql.SqlStatementSplitter;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code millrace sql}: an interactive SQL shell reading statements from standard input, and {@code sql run FILE}
 * to run a script. The launcher registers it as a subcommand.
 */
@Command(
        name = "sql",
        mixinStandardHelpOptions = true,
        subcommands = SqlCommand.Run.class,
        description = "Flink SQL over Millrace streams: an interactive shell, or 'run FILE.sql'.")
public final class SqlCommand implements Callable<Integer> {

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;

    @Mixin
    SessionOptions session;

    /** The shell's session while it runs, for {@link #interrupt}. */
    private volatile SqlScriptRunner runner;

    public SqlCommand() {
        this(System.in, System.out, System.err);
    }

    public SqlCommand(InputStream in, PrintStream out, PrintStream err) {
        this.in = in;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws Exception {
        try (SqlScriptRunner runner = session.open(out);
                Interrupts interrupts = Interrupts.onCtrlC(this::interrupt)) {
            this.runner = runner;
            shell(runner);
        } finally {
            this.runner = null;
        }
        return 0;
    }

    /**
     * What Ctrl-C does: stops the running query; at the prompt nothing (Ctrl-D or 'quit' ends the shell). Called on
     * the JVM's signal thread.
     */
    void interrupt() {
        SqlScriptRunner current = runner;
        if (current != null && current.cancelRunningQuery()) {
            err.println("[INFO] Cancelling the query...");
        }
    }

    private void shell(SqlScriptRunner runner) throws Exception {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        StringBuilder pending = new StringBuilder();
        out.print("millrace> ");
        out.flush();
        String line;
        while ((line = reader.readLine()) != null) {
            pending.append(line).append('\n');
            SqlStatementSplitter.Split split = SqlStatementSplitter.split(pending.toString());
            for (String statement : split.statements()) {
                String word = statement.strip().toLowerCase(Locale.ROOT);
                if (word.equals("quit") || word.equals("exit")) {
                    return;
                }
                try {
                    runner.execute(ScriptVariables.substitute(statement, session.variables));
                } catch (RuntimeException e) {
                    // The shell outlives bad statements; the message names the problem, no stack trace.
                    err.println("[ERROR] " + describe(e));
                }
            }
            pending.setLength(0);
            pending.append(split.remainder().isBlank() ? "" : split.remainder());
            out.print(pending.length() == 0 ? "millrace> " : "       -> ");
            out.flush();
        }
    }

    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(e.getMessage());
        return root == e || message.contains(String.valueOf(root.getMessage()))
                ? message
                : message + "\nCaused by: " + root.getMessage();
    }

    /** {@code sql run FILE.sql}: runs a script; on the local mini-cluster it waits for the jobs it started. */
    @Command(name = "run", mixinStandardHelpOptions = true, description = "Run a SQL script.")
    static final class Run implements Callable<Integer> {

        @ParentCommand
        SqlCommand parent;

        @Mixin
        SessionOptions session;

        @Parameters(index = "0", paramLabel = "FILE.sql", description = "Script of ';'-separated statements")
        Path file;

        @Option(names = "--wait", description = "With --flink-rest-url, wait for the submitted jobs to finish")
        boolean waitForJobs;

        @Override
        public Integer call() throws Exception {
            String script;
            try {
                script = Files.readString(file);
            } catch (java.io.IOException e) {
                parent.err.println("[ERROR] cannot read " + file + ": " + e.getMessage());
                return 2;
            }
            try (SqlScriptRunner runner = session.open(parent.out)) {
                runner.run(script);
                // Jobs of a local mini-cluster live only as long as this process.
                if (!session.remote() || waitForJobs) {
                    runner.awaitJobs();
                }
                return 0;
            } catch (Exception e) {
                parent.err.println("[ERROR] " + describe(e));
                return 1;
            }
        }
    }
}

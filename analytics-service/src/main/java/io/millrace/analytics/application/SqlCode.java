package io.millrace.analytics.application;

import io.millrace.analytics.sql.SqlScriptRunner;
import io.millrace.analytics.sql.StatementOutcome;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The code of SQL-1_0 applications: a Flink SQL script (Flink's dialect, not the legacy Kinesis Data Analytics SQL)
 * whose INSERT statement (or CREATE TABLE ... AS query), or one statement set, forms the application's one job. Checked by planning it without
 * running anything, submitted through {@link SqlScriptRunner} to the cluster's REST endpoint.
 */
final class SqlCode {

    private static final PrintStream DISCARD = new PrintStream(OutputStream.nullOutputStream());

    private final String bootstrapServers;
    private final PlatformKms kms;

    SqlCode(String bootstrapServers, PlatformKms kms) {
        this.bootstrapServers = bootstrapServers;
        this.kms = kms;
    }

    /**
     * Plans the script: tables, columns, functions, streams of the catalog, and the shape of the job. Throws a
     * CodeValidationException naming the problem.
     */
    void validate(String script, Map<String, String> variables) {
        List<String> jobs;
        try (SqlScriptRunner runner = SqlScriptRunner.local(settings(Map.of(), variables))) {
            jobs = runner.plan(script);
        } catch (Exception e) {
            throw ApplicationErrors.codeValidation("The SQL code is not valid: " + describe(e));
        }
        for (String statement : jobs) {
            String head = statement.strip().toUpperCase(Locale.ROOT);
            // The job statements plan() found: a CREATE or REPLACE among them is a CREATE TABLE ... AS query.
            if (!head.startsWith("INSERT")
                    && !head.startsWith("EXECUTE")
                    && !head.startsWith("END")
                    && !head.startsWith("CREATE")
                    && !head.startsWith("REPLACE")) {
                throw ApplicationErrors.codeValidation(
                        "The SQL code is not valid: an application writes its results with INSERT INTO (or"
                                + " CREATE TABLE ... AS); a query has nowhere to go: " + abbreviate(statement));
            }
        }
        if (jobs.isEmpty()) {
            throw ApplicationErrors.codeValidation("The SQL code is not valid: it has no INSERT INTO statement, so the"
                    + " application would run no job.");
        }
        if (jobs.size() > 1) {
            throw ApplicationErrors.codeValidation("The SQL code is not valid: it has " + jobs.size() + " INSERT"
                    + " statements outside a statement set; an application runs one job: put them in"
                    + " BEGIN STATEMENT SET; ... END;");
        }
    }

    /** The Millrace streams the script's job reads, planned as {@link #validate} plans it. */
    Set<String> scannedStreams(String script, Map<String, String> variables) throws Exception {
        try (SqlScriptRunner runner = SqlScriptRunner.local(settings(Map.of(), variables))) {
            runner.plan(script);
            return runner.scannedStreams();
        }
    }

    /** Submits the script's job with these Flink options; returns its job id. */
    String submit(URI restUrl, String script, Map<String, String> variables, Map<String, String> flinkOptions)
            throws Exception {
        try (SqlScriptRunner runner = SqlScriptRunner.remote(restUrl, settings(flinkOptions, variables))) {
            return runner.run(script).stream()
                    .map(StatementOutcome::jobId)
                    .filter(Objects::nonNull)
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("the script started no job"));
        }
    }

    private SqlScriptRunner.Settings settings(Map<String, String> flinkOptions, Map<String, String> variables) {
        // The platform's KMS settings are session defaults: a table's sse.kms.* options, or a SET, win.
        Map<String, String> session = new LinkedHashMap<>(kms.sessionOptions());
        session.putAll(flinkOptions);
        return new SqlScriptRunner.Settings(bootstrapServers, session, variables, DISCARD);
    }

    /** Flink's message and, when it adds something, the root cause's (where "Object 'x' not found" is). */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(e.getMessage());
        String rootMessage = String.valueOf(root.getMessage());
        return root == e || message.contains(rootMessage) ? message : message + ": " + rootMessage;
    }

    private static String abbreviate(String statement) {
        String oneLine = statement.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 117) + "...";
    }
}

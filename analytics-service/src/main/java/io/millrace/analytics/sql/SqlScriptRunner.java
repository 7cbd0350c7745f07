package io.millrace.analytics.sql;

import io.millrace.analytics.catalog.MillraceCatalogFactory;
import io.millrace.analytics.functions.RandomCutForestFunction;
import io.millrace.analytics.s3.S3FileSystems;
import io.millrace.analytics.table.MillraceOptions;
import java.io.File;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.ResultKind;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.api.internal.TableEnvironmentInternal;
import org.apache.flink.table.operations.CreateTableASOperation;
import org.apache.flink.table.operations.Operation;
import org.apache.flink.table.operations.ReplaceTableAsOperation;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs SQL scripts on a local mini-cluster or on a remote Flink cluster (through its REST endpoint). Every session
 * has the {@code millrace} catalog (when a cluster is known) and the RANDOM_CUT_FOREST function, and understands
 * {@code SET 'key' = 'value'}, {@code RESET}, {@code BEGIN STATEMENT SET; ... END;} as the Flink SQL client does.
 *
 * <p>Queries over bounded tables only (such as {@code 'scan.bounded.mode' = 'latest'}) run in batch mode and print
 * their final result, not a changelog, unless the session says {@code SET 'execution.runtime-mode' =
 * 'streaming'}; with {@code 'batch'} every job runs in batch mode. Batch statements run in a second table
 * environment that replays this session's DDL and settings, since a table environment's mode is fixed.
 */
public final class SqlScriptRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SqlScriptRunner.class);
    private static final Pattern SET = Pattern.compile("(?is)SET\\s+'([^']+)'\\s*=\\s*'((?:[^']|'')*)'");
    private static final Pattern RESET = Pattern.compile("(?is)RESET\\s+'([^']+)'");
    private static final int MAX_RETAINED_ROWS = 10_000;

    private static final String RUNTIME_MODE = "execution.runtime-mode";

    private final StreamExecutionEnvironment env;
    private final StreamTableEnvironment tableEnv;
    private final Settings settings;
    private final Supplier<StreamExecutionEnvironment> batchEnvironments;
    /** The session's DDL, SET and RESET statements, in order: what a batch environment replays. */
    private final List<String> sessionStatements = new ArrayList<>();

    private StreamExecutionEnvironment batchEnv;
    private StreamTableEnvironment batchTableEnv;
    private int batchReplayed;
    /** {@code batch}, {@code streaming}, or null: bounded queries in batch, the rest streaming. */
    private String runtimeMode;
    /** The result being printed, for {@link #cancelRunningQuery} from another thread (a Ctrl-C handler). */
    private volatile CloseableIterator<Row> running;
    /** The thread printing that result: interrupted too, as Flink's fetcher retries in sleeps until its job ends. */
    private volatile Thread reader;

    private volatile boolean cancelled;
    private final List<JobClient> submitted = new ArrayList<>();
    /** The explained plans of the jobs {@link #plan} planned: what {@link #scannedStreams} reads them from. */
    private final List<String> plans = new ArrayList<>();

    private StatementSet statementSet;
    private boolean planOnly;

    /**
     * @param bootstrapServers the Millrace Kafka cluster, or null to name it in each table
     * @param configuration Flink options of the session
     * @param variables values of {@code ${name}} in scripts
     * @param out where results are printed
     */
    public record Settings(
            String bootstrapServers,
            Map<String, String> configuration,
            Map<String, String> variables,
            PrintStream out) {}

    private SqlScriptRunner(
            StreamExecutionEnvironment env, Settings settings, Supplier<StreamExecutionEnvironment> batchEnvironments) {
        this.env = env;
        this.settings = settings;
        this.batchEnvironments = batchEnvironments;
        Map<String, String> configuration = new java.util.LinkedHashMap<>(settings.configuration());
        this.runtimeMode = runtimeMode(configuration.remove(RUNTIME_MODE));
        this.tableEnv = openSession(env, EnvironmentSettings.inStreamingMode(), configuration);
    }

    private StreamTableEnvironment openSession(
            StreamExecutionEnvironment environment, EnvironmentSettings mode, Map<String, String> configuration) {
        StreamTableEnvironment session = StreamTableEnvironment.create(environment, mode);
        configuration.forEach((key, value) -> session.getConfig().set(key, value));
        session.createTemporarySystemFunction("RANDOM_CUT_FOREST", RandomCutForestFunction.class);
        if (settings.bootstrapServers() != null) {
            session.getConfig().set(MillraceOptions.SESSION_BOOTSTRAP_SERVERS.key(), settings.bootstrapServers());
            session.executeSql("CREATE CATALOG millrace WITH ('type' = '" + MillraceCatalogFactory.IDENTIFIER + "')");
        }
        return session;
    }

    private static String runtimeMode(String value) {
        if (value == null) {
            return null;
        }
        String mode = value.strip().toLowerCase(Locale.ROOT);
        if (!mode.equals("batch") && !mode.equals("streaming") && !mode.equals("automatic")) {
            throw new IllegalArgumentException(
                    "'" + RUNTIME_MODE + "' is 'streaming', 'batch' or 'automatic', not '" + value + "'");
        }
        return mode.equals("automatic") ? null : mode;
    }

    /** A session on this JVM: a mini-cluster per job, or the test cluster when one is installed as context. */
    public static SqlScriptRunner local(Settings settings) {
        Configuration configuration = Configuration.fromMap(settings.configuration());
        // Jobs run in this JVM write s3:// paths where the session's millrace.s3.* options point.
        S3FileSystems.initializeIfConfigured(configuration);
        return new SqlScriptRunner(
                StreamExecutionEnvironment.getExecutionEnvironment(configuration),
                settings,
                () -> StreamExecutionEnvironment.getExecutionEnvironment(batch(configuration)));
    }

    private static Configuration batch(Configuration configuration) {
        Configuration batch = new Configuration(configuration);
        batch.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        return batch;
    }

    /** A session submitting to the cluster behind a JobManager REST URL, shipping the Flink connector's jar. */
    public static SqlScriptRunner remote(URI restUrl, Settings settings) {
        Configuration configuration = Configuration.fromMap(settings.configuration());
        configuration.set(DeploymentOptions.TARGET, "remote");
        configuration.set(RestOptions.ADDRESS, restUrl.getHost());
        configuration.set(RestOptions.PORT, restUrl.getPort() < 0 ? 8081 : restUrl.getPort());
        configuration.set(PipelineOptions.JARS, connectorJars());
        // Built directly rather than through createRemoteEnvironment, which refuses to run inside a context
        // environment (the launcher's or a test's) although the target cluster is explicit.
        return new SqlScriptRunner(
                new StreamExecutionEnvironment(configuration),
                settings,
                () -> new StreamExecutionEnvironment(batch(configuration)));
    }

    private static List<String> connectorJars() {
        try {
            File location = new File(MillraceCatalogFactory.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            // From a jar (the launcher's distribution) the cluster needs it; from classes (tests) it shares our
            // classpath.
            return location.isFile() ? List.of(location.toURI().toURL().toString()) : List.of();
        } catch (Exception e) {
            return List.of();
        }
    }

    /** Runs every statement of a script in order, stopping at the first failure. */
    public List<StatementOutcome> run(String script) {
        List<StatementOutcome> outcomes = new ArrayList<>();
        for (String statement :
                SqlStatementSplitter.statements(ScriptVariables.substitute(script, settings.variables()))) {
            outcomes.add(execute(statement));
        }
        if (statementSet != null) {
            throw new IllegalArgumentException("BEGIN STATEMENT SET without END");
        }
        return outcomes;
    }

    /**
     * Checks a script without starting any job: DDL and {@code SET} take effect in this session, while INSERT
     * statements, statement sets and queries are planned (tables, columns, functions and types resolved, sources and
     * sinks created) and not submitted. Returns those job statements, in order; a planning error is thrown as Flink's
     * exception, naming the problem.
     */
    public List<String> plan(String script) {
        planOnly = true;
        List<String> jobs = new ArrayList<>();
        try {
            int number = 0;
            for (String statement :
                    SqlStatementSplitter.statements(ScriptVariables.substitute(script, settings.variables()))) {
                number++;
                StatementOutcome outcome;
                try {
                    outcome = execute(statement);
                } catch (RuntimeException e) {
                    // Flink's parser does not always quote the statement it refuses: say which one it is.
                    String shown = statement.strip().replaceAll("\\s+", " ");
                    throw new IllegalArgumentException(
                            "statement " + number + " ("
                                    + (shown.length() <= 80 ? shown : shown.substring(0, 77) + "...") + "): "
                                    + e.getMessage(),
                            e);
                }
                if (outcome.jobId() != null) {
                    jobs.add(statement);
                }
            }
            if (statementSet != null) {
                throw new IllegalArgumentException("BEGIN STATEMENT SET without END");
            }
            return jobs;
        } finally {
            planOnly = false;
            statementSet = null;
        }
    }

    /**
     * The Millrace streams the jobs {@link #plan} planned read (the {@code stream} of every {@code 'millrace'} table
     * they scan), for authorizing their reads before they run.
     */
    public Set<String> scannedStreams() {
        return ScannedStreams.of(tableEnv, plans);
    }

    private StatementOutcome planJob(String statement, String normalized) {
        String explained =
                normalized.startsWith("EXECUTE ") ? statement.strip().substring("EXECUTE".length()) : statement;
        if (explained.strip().toUpperCase(Locale.ROOT).startsWith("STATEMENT SET")) {
            TableResult plan =
                    SessionClassLoader.call(tableEnv, () -> tableEnv.executeSql("EXPLAIN " + explained.strip()));
            plan.collect().forEachRemaining(row -> plans.add(String.valueOf(row.getField(0))));
        } else {
            plans.add(SessionClassLoader.call(tableEnv, () -> tableEnv.explainSql(explained)));
        }
        return new StatementOutcome(statement, List.of(), List.of(), "planned");
    }

    private boolean startsJob(String statement, String normalized) {
        return normalized.startsWith("INSERT ")
                || normalized.startsWith("EXECUTE ")
                || isQuery(normalized)
                || createsTableAsQuery(statement, normalized);
    }

    /**
     * {@code CREATE [OR REPLACE] TABLE ... AS query} (and {@code REPLACE TABLE ... AS}): a job writing a query's rows
     * into the table it creates with the query's columns. Asked of Flink's parser, as a computed column's {@code AS}
     * reads the same.
     */
    private boolean createsTableAsQuery(String statement, String normalized) {
        if (!(normalized.startsWith("CREATE ") || normalized.startsWith("REPLACE ")) || !normalized.contains(" AS ")) {
            return false;
        }
        List<Operation> operations =
                ((TableEnvironmentInternal) tableEnv).getParser().parse(statement);
        return operations.size() == 1
                && (operations.get(0) instanceof CreateTableASOperation
                        || operations.get(0) instanceof ReplaceTableAsOperation);
    }

    /** Runs one statement (no trailing {@code ;}). */
    public StatementOutcome execute(String statement) {
        String normalized = statement.strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
        Matcher set = SET.matcher(statement.strip());
        Matcher reset = RESET.matcher(statement.strip());
        if (set.matches()) {
            String value = set.group(2).replace("''", "'");
            if (set.group(1).equals(RUNTIME_MODE)) {
                runtimeMode = runtimeMode(value);
                settings.out().println("[INFO] OK");
                return StatementOutcome.done(statement);
            }
            tableEnv.getConfig().set(set.group(1), value);
            sessionStatements.add(statement);
            return StatementOutcome.done(statement);
        }
        if (reset.matches()) {
            if (reset.group(1).equals(RUNTIME_MODE)) {
                runtimeMode = null;
                return StatementOutcome.done(statement);
            }
            tableEnv.getConfig().getConfiguration().removeKey(reset.group(1));
            sessionStatements.add(statement);
            return StatementOutcome.done(statement);
        }
        if (normalized.equals("BEGIN STATEMENT SET")) {
            statementSet = tableEnv.createStatementSet();
            return StatementOutcome.done(statement);
        }
        if (statementSet != null) {
            if (normalized.equals("END")) {
                StatementSet complete = statementSet;
                statementSet = null;
                if (planOnly) {
                    plans.add(complete.explain());
                    return new StatementOutcome(statement, List.of(), List.of(), "planned");
                }
                return report(statement, SessionClassLoader.call(tableEnv, complete::execute));
            }
            statementSet.addInsertSql(statement);
            return StatementOutcome.done(statement);
        }
        if (planOnly && startsJob(statement, normalized)) {
            return planJob(statement, normalized);
        }
        if (startsJob(statement, normalized)) {
            StreamTableEnvironment session = sessionFor(statement, normalized);
            return report(statement, SessionClassLoader.call(session, () -> session.executeSql(statement)));
        }
        StatementOutcome outcome =
                report(statement, SessionClassLoader.call(tableEnv, () -> tableEnv.executeSql(statement)));
        sessionStatements.add(statement);
        return outcome;
    }

    /**
     * The session a job statement runs in: batch when the session says so, or for a query whose tables are all
     * bounded (the batch planner refuses unbounded ones), so that it prints its final result.
     */
    private StreamTableEnvironment sessionFor(String statement, String normalized) {
        if ("streaming".equals(runtimeMode) || statementSet != null) {
            return tableEnv;
        }
        if ("batch".equals(runtimeMode)) {
            return batchSession();
        }
        if (!isQuery(normalized)) {
            return tableEnv;
        }
        StreamTableEnvironment batch = batchSession();
        try {
            SessionClassLoader.call(batch, () -> batch.explainSql(statement));
            return batch;
        } catch (RuntimeException unboundedOrUnsupported) {
            return tableEnv;
        }
    }

    private StreamTableEnvironment batchSession() {
        if (batchTableEnv == null) {
            Map<String, String> configuration = new java.util.LinkedHashMap<>(settings.configuration());
            configuration.remove(RUNTIME_MODE);
            batchEnv = batchEnvironments.get();
            batchTableEnv = openSession(batchEnv, EnvironmentSettings.inBatchMode(), configuration);
            batchReplayed = 0;
        }
        for (; batchReplayed < sessionStatements.size(); batchReplayed++) {
            String statement = sessionStatements.get(batchReplayed);
            Matcher set = SET.matcher(statement.strip());
            Matcher reset = RESET.matcher(statement.strip());
            if (set.matches()) {
                batchTableEnv.getConfig().set(set.group(1), set.group(2).replace("''", "'"));
            } else if (reset.matches()) {
                batchTableEnv.getConfig().getConfiguration().removeKey(reset.group(1));
            } else {
                SessionClassLoader.call(batchTableEnv, () -> batchTableEnv.executeSql(statement));
            }
        }
        return batchTableEnv;
    }

    private StatementOutcome report(String statement, TableResult result) {
        if (result.getJobClient().isPresent()
                && result.getResultKind() == ResultKind.SUCCESS_WITH_CONTENT
                && !isQuery(statement)) {
            return jobSubmitted(statement, result.getJobClient().get());
        }
        if (result.getResultKind() == ResultKind.SUCCESS) {
            settings.out().println("[INFO] OK");
            return StatementOutcome.done(statement);
        }
        List<String> columns = result.getResolvedSchema().getColumnNames();
        settings.out().println(String.join(" | ", columns));
        List<Row> rows = new ArrayList<>();
        CloseableIterator<Row> it = result.collect();
        cancelled = false;
        reader = Thread.currentThread();
        running = it;
        try {
            while (!cancelled && it.hasNext()) {
                Row row = it.next();
                settings.out().println(format(row));
                if (rows.size() < MAX_RETAINED_ROWS) {
                    rows.add(row);
                }
            }
        } catch (Exception e) {
            closeQuietly(it);
            if (!cancelled) {
                throw new IllegalStateException("reading the result of the statement failed: " + e.getMessage(), e);
            }
        } finally {
            running = null;
            reader = null;
            if (cancelled) {
                Thread.interrupted(); // the cancellation's interrupt ends with the query, not with the session
            }
        }
        if (cancelled) {
            closeQuietly(it);
            settings.out().println("[INFO] Query cancelled");
            String jobId =
                    result.getJobClient().map(c -> c.getJobID().toString()).orElse(null);
            return new StatementOutcome(statement, columns, rows, jobId);
        }
        // Every row is read: a bounded query's job has finished, and on a per-job local cluster that cluster may be
        // gone already, which makes closing the iterator complain about nothing that matters.
        closeQuietly(it);
        String jobId = result.getJobClient().map(c -> c.getJobID().toString()).orElse(null);
        return new StatementOutcome(statement, columns, rows, jobId);
    }

    private static void closeQuietly(CloseableIterator<Row> it) {
        try {
            it.close();
        } catch (Exception e) {
            LOG.debug("Closing a finished result: {}", e.toString());
        }
    }

    private StatementOutcome jobSubmitted(String statement, JobClient client) {
        submitted.add(client);
        String jobId = client.getJobID().toString();
        LOG.info("Submitted job {}", jobId);
        settings.out().println("[INFO] Submitted job " + jobId);
        return new StatementOutcome(statement, List.of(), List.of(), jobId);
    }

    private static boolean isQuery(String statement) {
        String head = statement.strip().toUpperCase(Locale.ROOT);
        return head.startsWith("SELECT")
                || head.startsWith("WITH")
                || head.startsWith("VALUES")
                || head.startsWith("(");
    }

    private static String format(Row row) {
        List<String> fields = new ArrayList<>();
        for (int i = 0; i < row.getArity(); i++) {
            Object field = row.getField(i);
            fields.add(
                    field instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(field));
        }
        return row.getKind().shortString() + " " + String.join(" | ", fields);
    }

    /**
     * Stops the query whose rows are being printed, if any, and cancels its job: the statement returns what it
     * printed so far, and the session goes on, as Ctrl-C does in Flink's SQL client. Safe from any thread.
     *
     * @return whether a query was running
     */
    public boolean cancelRunningQuery() {
        CloseableIterator<Row> it = running;
        if (it == null) {
            return false;
        }
        cancelled = true;
        Thread printing = reader;
        closeQuietly(it);
        if (printing != null) {
            printing.interrupt();
        }
        return true;
    }

    /** Waits until every job this session submitted has finished (bounded jobs, or until cancelled). */
    public void awaitJobs() throws Exception {
        for (JobClient client : submitted) {
            client.getJobExecutionResult().get();
            settings.out().println("[INFO] Job " + client.getJobID() + " finished");
        }
    }

    public StreamTableEnvironment tableEnvironment() {
        return tableEnv;
    }

    @Override
    public void close() throws Exception {
        try {
            env.close();
        } finally {
            if (batchEnv != null) {
                batchEnv.close();
            }
        }
    }
}

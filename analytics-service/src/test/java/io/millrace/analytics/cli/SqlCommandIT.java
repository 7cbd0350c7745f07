package io.millrace.analytics.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.millrace.analytics.testing.FlinkCluster;
import io.millrace.analytics.testing.TestStreams;
import io.millrace.analytics.testing.TestStreams.StreamRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.flink.test.junit5.InjectClusterRESTAddress;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SqlCommandIT {

    @RegisterExtension
    static final TestStreams KAFKA = new TestStreams();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkCluster.create();

    private static String input;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void stream() throws Exception {
        input = TestStreams.uniqueStream("cli-input");
        TestStreams.createStream(input, 1);
        TestStreams.put(
                input,
                List.of(
                        new StreamRecord(0, "k1", "{\"word\":\"hello\"}", 1_000L),
                        new StreamRecord(0, "k2", "{\"word\":\"world\"}", 2_000L)));
    }

    @Test
    void runsAScriptAgainstTheCatalogAndWaitsForItsJobs() throws Exception {
        String output = TestStreams.uniqueStream("cli-output");
        TestStreams.createStream(output, 1);
        Path script = Files.writeString(dir.resolve("copy.sql"), """
        -- copies the words upper-cased into another stream
        CREATE TEMPORARY VIEW words AS
          SELECT JSON_VALUE(CAST(data AS STRING), '$.word') AS word, partition_key
          FROM millrace.`default`.`${in}` /*+ OPTIONS('scan.bounded.mode' = 'latest') */;
        SELECT word FROM words;
        INSERT INTO millrace.`default`.`${out}` SELECT CAST(UPPER(word) AS BYTES), partition_key FROM words;
        """);

        int exit = execute(
                "run",
                script.toString(),
                "--bootstrap-servers",
                TestStreams.bootstrapServers(),
                "--var",
                "in=" + input,
                "--var",
                "out=" + output);

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("+I hello", "+I world", "Submitted job", "finished");
        assertThat(TestStreams.readValues(output)).containsExactlyInAnyOrder("HELLO", "WORLD");
    }

    @Test
    void runsAScriptOnARemoteClusterThroughItsRestUrl(@InjectClusterRESTAddress URI restAddress) throws Exception {
        Path script = Files.writeString(
                dir.resolve("remote.sql"),
                "SELECT partition_key FROM millrace.`default`.`" + input + "`"
                        + " /*+ OPTIONS('scan.bounded.mode' = 'latest') */;");

        int exit = execute(
                "run",
                script.toString(),
                "--flink-rest-url",
                restAddress.toString(),
                "--bootstrap-servers",
                TestStreams.bootstrapServers());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("+I k1", "+I k2");
    }

    /**
     * With no option, {@code sql run} finds the platform that {@code millrace up} runs on the data directory: the
     * Kafka named in the {@code endpoints.properties} it writes, while it holds the directory's lock.
     */
    @Test
    void findsThePlatformRunningOnTheDataDirectoryWithNoOption() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve(PlatformEndpoints.FILE), "kafka=" + TestStreams.bootstrapServers() + "\n");
        Path script = Files.writeString(dir.resolve("found.sql"), """
        CREATE TABLE words (word STRING) WITH ('connector' = 'millrace', 'stream' = '${in}', 'format' = 'json',
          'scan.bounded.mode' = 'latest');
        SELECT word FROM words;
        """);
        try (FileChannel channel = FileChannel.open(
                        data.resolve(PlatformEndpoints.LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock running = channel.lock()) {
            int exit = execute("run", script.toString(), "--data-dir", data.toString(), "--var", "in=" + input);

            assertThat(exit).as(err.toString()).isZero();
            assertThat(out.toString()).contains("hello", "world");
        }
    }

    /**
     * A query over bounded tables runs in batch mode and prints its final result, not the changelog a streaming
     * aggregate prints; {@code SET 'execution.runtime-mode'} chooses either mode for the rest of the session.
     */
    @Test
    void boundedQueriesPrintTheirFinalResultAndTheRuntimeModeCanBeSet() throws Exception {
        String words = TestStreams.uniqueStream("cli-words");
        TestStreams.createStream(words, 1);
        TestStreams.put(
                words,
                List.of(
                        new StreamRecord(0, "a", "{\"word\":\"hello\"}", 1_000L),
                        new StreamRecord(0, "b", "{\"word\":\"hello\"}", 2_000L),
                        new StreamRecord(0, "c", "{\"word\":\"world\"}", 3_000L)));
        String table = "CREATE TABLE words (word STRING) WITH ('connector' = 'millrace', 'stream' = '" + words
                + "', 'format' = 'json', 'scan.bounded.mode' = 'latest');\n";
        String count = "SELECT word, COUNT(*) AS n FROM words GROUP BY word;\n";

        Path automatic = Files.writeString(dir.resolve("automatic.sql"), table + count);
        assertThat(execute("run", automatic.toString(), "--bootstrap-servers", TestStreams.bootstrapServers()))
                .as(err.toString())
                .isZero();
        assertThat(out.toString()).contains("+I hello | 2", "+I world | 1").doesNotContain("-U", "+U");

        out.reset();
        Path streaming = Files.writeString(
                dir.resolve("streaming.sql"), "SET 'execution.runtime-mode' = 'streaming';\n" + table + count);
        assertThat(execute("run", streaming.toString(), "--bootstrap-servers", TestStreams.bootstrapServers()))
                .as(err.toString())
                .isZero();
        assertThat(out.toString()).contains("+I hello | 1", "-U hello | 1", "+U hello | 2");

        out.reset();
        Path batch = Files.writeString(
                dir.resolve("batch.sql"), "SET 'execution.runtime-mode' = 'batch';\n" + table + count);
        assertThat(execute("run", batch.toString(), "--bootstrap-servers", TestStreams.bootstrapServers()))
                .as(err.toString())
                .isZero();
        assertThat(out.toString()).contains("+I hello | 2", "+I world | 1").doesNotContain("-U");
    }

    @Test
    void aBadScriptExitsNonZeroNamingTheProblem() throws Exception {
        Path script = Files.writeString(dir.resolve("bad.sql"), "SELECT 1; SELECT * FROM no_such_table;");

        int exit = execute("run", script.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).startsWith("[ERROR]").contains("no_such_table");
        assertThat(err.toString()).doesNotContain("\tat ");
    }

    @Test
    void theShellRunsStatementsFromStdinAndSurvivesErrors() {
        String session = "SELECT 1;\nSELEC oops;\nSELECT 'multi' ||\n 'line';\nquit;\nSELECT 'never';\n";

        int exit = new CommandLine(new SqlCommand(
                        new ByteArrayInputStream(session.getBytes(StandardCharsets.UTF_8)), print(out), print(err)))
                .execute();

        assertThat(exit).isZero();
        assertThat(out.toString())
                .contains("+I 1", "+I multiline", "       -> ")
                .doesNotContain("never");
        assertThat(err.toString()).startsWith("[ERROR] SQL parse failed").doesNotContain("\tat ");
    }

    /**
     * Ctrl-C during a streaming query stops the query and returns to the prompt, as in Flink's SQL client: the
     * session and its tables survive, and the next statement runs.
     */
    @Test
    void ctrlCStopsTheRunningQueryAndTheShellGoesOn() throws Exception {
        PipedOutputStream typed = new PipedOutputStream();
        PipedInputStream stdin = new PipedInputStream(typed);
        SqlCommand shell = new SqlCommand(stdin, print(out), print(err));
        ExecutorService session = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> exit = session.submit(
                    () -> new CommandLine(shell).execute("--bootstrap-servers", TestStreams.bootstrapServers()));
            typed.write(("CREATE TABLE endless (word STRING) WITH ('connector' = 'millrace', 'stream' = '" + input
                            + "', 'format' = 'json');\nSELECT word FROM endless;\n")
                    .getBytes(StandardCharsets.UTF_8));
            typed.flush();
            await().atMost(Duration.ofSeconds(120)).until(() -> out.toString().contains("+I world"));

            // What the shell's SIGINT handler runs (Interrupts.onCtrlC(this::interrupt)): raising a real signal in a
            // test
            // JVM shared with other suites proved unreliable.
            shell.interrupt();
            await().atMost(Duration.ofSeconds(120)).until(() -> out.toString().contains("[INFO] Query cancelled"));
            typed.write("SELECT COUNT(*) AS n FROM endless /*+ OPTIONS('scan.bounded.mode' = 'latest') */;\nquit;\n"
                    .getBytes(StandardCharsets.UTF_8));
            typed.flush();

            assertThat(exit.get(120, TimeUnit.SECONDS)).as(err.toString()).isZero();
            assertThat(out.toString()).contains("+I 2");
            assertThat(err.toString()).doesNotContain("[ERROR]");
        } finally {
            typed.close();
            session.shutdownNow();
        }
    }

    private int execute(String... args) {
        return new CommandLine(new SqlCommand(new ByteArrayInputStream(new byte[0]), print(out), print(err)))
                .execute(args);
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}

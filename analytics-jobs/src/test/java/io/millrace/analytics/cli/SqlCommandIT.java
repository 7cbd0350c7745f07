package io.millrace.analytics.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.analytics.testing.TestStreams;
import io.millrace.analytics.testing.TestStreams.StreamRecord;
import io.millrace.analytics.testing.FlinkCluster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    TestStreams.put(input, List.of(
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

    int exit = execute("run", script.toString(), "--bootstrap-servers", TestStreams.bootstrapServers(),
        "--var", "in=" + input, "--var", "out=" + output);

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString()).contains("+I hello", "+I world", "Submitted job", "finished");
    assertThat(TestStreams.readValues(output)).containsExactlyInAnyOrder("HELLO", "WORLD");
  }

  @Test
  void runsAScriptOnARemoteClusterThroughItsRestUrl(@InjectClusterRESTAddress URI restAddress) throws Exception {
    Path script = Files.writeString(dir.resolve("remote.sql"),
        "SELECT partition_key FROM millrace.`default`.`" + input + "`"
            + " /*+ OPTIONS('scan.bounded.mode' = 'latest') */;");

    int exit = execute("run", script.toString(), "--flink-rest-url", restAddress.toString(),
        "--bootstrap-servers", TestStreams.bootstrapServers());

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString()).contains("+I k1", "+I k2");
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

    int exit = new CommandLine(new SqlCommand(new ByteArrayInputStream(session.getBytes(StandardCharsets.UTF_8)),
        print(out), print(err))).execute();

    assertThat(exit).isZero();
    assertThat(out.toString()).contains("+I 1", "+I multiline", "       -> ").doesNotContain("never");
    assertThat(err.toString()).startsWith("[ERROR] SQL parse failed").doesNotContain("\tat ");
  }

  private int execute(String... args) {
    return new CommandLine(new SqlCommand(new ByteArrayInputStream(new byte[0]), print(out), print(err)))
        .execute(args);
  }

  private static PrintStream print(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }
}

package io.millrace.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.launcher.exit.ExitCodes;
import io.millrace.launcher.net.Ports;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The command line as an operator meets it: exit codes, one-line errors, the help. Nothing here starts Kafka. */
class MillraceCliTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Millrace.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void unknownOptionIsAUsageErrorOnOneLine() {
        assertThat(run("up", "--no-such-option")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString())
                .hasLineCount(1)
                .contains("Unknown option: '--no-such-option'")
                .contains("millrace up --help");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shardLimitsAcceptOnlyAwsOrOff() {
        assertThat(run("up", "--shard-limits", "fast")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).hasLineCount(1).contains("--shard-limits").contains("'fast'");
    }

    @Test
    void portsMustBePortNumbers() {
        assertThat(run("up", "--port", "70000")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).hasLineCount(1).contains("--port").contains("'70000' is not a port number");

        err.getBuffer().setLength(0);
        assertThat(run("up", "--kafka-port", "ninety")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).hasLineCount(1).contains("--kafka-port").contains("'ninety'");
    }

    @Test
    void embeddedBrokerOptionsConflictWithAnExternalCluster() {
        assertThat(run("up", "--bootstrap-servers", "kafka-1:9092", "--kafka-port", "9500"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).hasLineCount(1).contains("--kafka-port");
    }

    @Test
    void aMissingConfigFileIsAUsageError() {
        Path missing = dir.resolve("absent.properties");
        assertThat(run("up", "--config", missing.toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).hasLineCount(1).contains(missing.toString()).contains("no such file");
    }

    @Test
    void anInvalidValueInTheConfigFileIsAUsageError() throws IOException {
        Path config = Files.writeString(dir.resolve("millrace.properties"), "millrace.kinesis.shard-limits=fast\n");
        assertThat(run("up", "--config", config.toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString())
                .hasLineCount(1)
                .contains("invalid configuration")
                .contains("millrace.kinesis.shard-limits");
    }

    @Test
    void aBusyKinesisPortIsNamedAndNothingStarts() throws IOException {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int code = run(
                    "up",
                    "--data-dir",
                    dir.toString(),
                    "--port",
                    String.valueOf(busy.getLocalPort()),
                    "--kafka-port",
                    "0");
            assertThat(code).isEqualTo(ExitCodes.FAILURE);
            assertThat(err.toString())
                    .hasLineCount(1)
                    .contains("port " + busy.getLocalPort() + " on 127.0.0.1 is already in use")
                    .contains("--port")
                    .doesNotContain("Exception");
        }
        assertThat(dir.resolve("kafka")).doesNotExist();
    }

    @Test
    void aBusyKafkaPortIsNamed() throws IOException {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int code = run(
                    "up",
                    "--data-dir",
                    dir.toString(),
                    "--port",
                    "0",
                    "--kafka-port",
                    String.valueOf(busy.getLocalPort()),
                    "--controller-port",
                    String.valueOf(Ports.pickFree()));
            assertThat(code).isEqualTo(ExitCodes.FAILURE);
            assertThat(err.toString())
                    .hasLineCount(1)
                    .contains("port " + busy.getLocalPort())
                    .contains("--kafka-port")
                    .doesNotContain("Exception");
        }
    }

    @Test
    void helpDocumentsEveryOptionOfEveryCommand() {
        assertThat(run("--help")).isEqualTo(ExitCodes.OK);
        String help = out.toString();
        CommandLine up = Millrace.commandLine().getSubcommands().get("up");
        for (OptionSpec option : up.getCommandSpec().options()) {
            assertThat(help).as("help mentions %s", option.longestName()).contains(option.longestName());
        }
        assertThat(help)
                .contains("--data-dir=DIR")
                .contains("--shard-limits=aws|off")
                .contains("--config=FILE");
    }

    @Test
    void versionComesFromTheBuild() {
        assertThat(run("--version")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString())
                .startsWith("Millrace ")
                .doesNotContain("unknown")
                .doesNotContain("${");
    }

    @Test
    void noCommandShowsTheUsageAsAnError() {
        assertThat(run()).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("Usage: millrace").contains("up");
    }
}

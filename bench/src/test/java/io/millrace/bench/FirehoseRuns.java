package io.millrace.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.firehose.api.FirehoseConfig;
import io.millrace.firehose.api.FirehoseService;
import io.millrace.firehose.it.TestStack;
import io.millrace.gateway.config.S3Settings;
import io.millrace.kinesis.config.KinesisConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * What the firehose workload's ITs share: a gateway serving the Kinesis and Firehose APIs on firehose-sink's test
 * stack (broker, Connect worker, S3Proxy), and a tiny firehose run against it whose report is returned after the
 * checks every run shares.
 */
final class FirehoseRuns {

    private FirehoseRuns() {}

    /**
     * @param port  the gateway's port, 0 for a free one
     * @param extra Firehose API settings on top of the test stack's Connect and S3
     */
    static BenchGateway gateway(int port, Map<String, String> extra) throws Exception {
        TestStack stack = TestStack.get();
        KinesisConfig kinesis = new KinesisConfig(Map.of(
                KinesisConfig.BOOTSTRAP_SERVERS, stack.bootstrapServers(), KinesisConfig.PORT, Integer.toString(port)));
        Map<String, String> settings = new HashMap<>(Map.of(
                FirehoseConfig.CONNECT_URL,
                stack.connectUrl(),
                S3Settings.ENDPOINT,
                stack.s3Endpoint().toString(),
                S3Settings.ACCESS_KEY_ID,
                TestStack.ACCESS_KEY,
                S3Settings.SECRET_ACCESS_KEY,
                TestStack.SECRET_KEY,
                S3Settings.PATH_STYLE_ACCESS,
                "true"));
        settings.putAll(extra);
        FirehoseService firehose = FirehoseService.start(new FirehoseConfig(settings), kinesis.kafkaClientProperties());
        return BenchGateway.start(kinesis, firehose);
    }

    /**
     * Runs {@code firehose} with 2 threads of 25-record batches of 100 bytes into {@code bucket}, then {@code args};
     * checks the exit code, that nothing was left behind (no warning) and that the charts were drawn.
     *
     * @return the run's report.md
     */
    static String run(BenchGateway gateway, Path results, String bucket, String... args) throws Exception {
        TestStack stack = TestStack.get();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> command = new ArrayList<>(List.of(
                "firehose",
                "--endpoint",
                "http://127.0.0.1:" + gateway.port(),
                "--s3-endpoint",
                stack.s3Endpoint().toString(),
                "--s3-access-key",
                TestStack.ACCESS_KEY,
                "--s3-secret-key",
                TestStack.SECRET_KEY,
                "--bucket",
                bucket,
                "--threads",
                "2",
                "--record-size",
                "100",
                "--batch-size",
                "25",
                "--results-dir",
                results.toString()));
        command.addAll(List.of(args));
        int code = new CommandLine(new BenchCommand())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(command.toArray(String[]::new));

        System.out.println(out); // progress lines and summary, in the test's output file
        assertThat(code).as("stderr: %s", err).isZero();
        assertThat(out.toString())
                .as("delivery stream and destination cleaned up without warnings")
                .doesNotContain("warning:");
        try (Stream<Path> dirs = Files.list(results)) {
            Path dir = dirs.filter(d -> d.getFileName().toString().endsWith("-firehose"))
                    .findFirst()
                    .orElseThrow();
            assertThat(dir.resolve("throughput.png")).isNotEmptyFile();
            assertThat(dir.resolve("latency.png")).isNotEmptyFile();
            return Files.readString(dir.resolve("report.md"));
        }
    }
}

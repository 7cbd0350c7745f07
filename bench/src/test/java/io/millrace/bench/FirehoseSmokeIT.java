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
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The firehose workload end to end with tiny sizes: the real endpoint serving the Firehose API, its connector on a
 * Connect worker, S3Proxy as the destination (firehose-sink's test stack). Every acknowledged record must be
 * read back from S3 exactly once, and the run must leave neither its delivery stream nor its objects behind.
 */
class FirehoseSmokeIT {

    private static TestStack stack;
    private static BenchGateway gateway;

    @TempDir
    Path results;

    @BeforeAll
    static void start() throws Exception {
        stack = TestStack.get();
        KinesisConfig kinesis = new KinesisConfig(
                Map.of(KinesisConfig.BOOTSTRAP_SERVERS, stack.bootstrapServers(), KinesisConfig.PORT, "0"));
        FirehoseService firehose = FirehoseService.start(
                new FirehoseConfig(Map.of(
                        FirehoseConfig.CONNECT_URL,
                        stack.connectUrl(),
                        S3Settings.ENDPOINT,
                        stack.s3Endpoint().toString(),
                        S3Settings.ACCESS_KEY_ID,
                        TestStack.ACCESS_KEY,
                        S3Settings.SECRET_ACCESS_KEY,
                        TestStack.SECRET_KEY,
                        S3Settings.PATH_STYLE_ACCESS,
                        "true")),
                kinesis.kafkaClientProperties());
        gateway = BenchGateway.start(kinesis, firehose);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    /** Runs the firehose workload on the test stack with {@code args} and returns the report, after its checks. */
    private String firehose(String... args) throws Exception {
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
                "bench-smoke",
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
                .as("delivery stream and objects deleted without warnings")
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

    @Test
    void everyAcknowledgedRecordIsReadBackFromS3OnceAndCompareRunsRawS3PutRecordsAndKafka() throws Exception {
        String report = firehose(
                "--records",
                "300",
                "--stream",
                "bench-smoke",
                "--compare",
                "--bootstrap-servers",
                stack.bootstrapServers(),
                "--shards",
                "2",
                "--s3-threads",
                "2",
                "--s3-duration",
                "1s");
        assertThat(report)
                .containsPattern("\\| put \\| write \\| 300 \\| [\\d,]+ \\|")
                .containsPattern("\\| s3 \\| put-to-S3 \\| 300 \\| [\\d,]+ \\|")
                .contains("  - records acknowledged: 300")
                .contains("  - acknowledged records found in S3: 300")
                .contains("  - records found more than once: 0")
                .contains("  - records found but never acknowledged: 0")
                .containsPattern("\\| raw s3 \\| S3 PUT \\| [1-9][\\d,]* \\| [\\d,]+ \\| [\\d.]+ \\|")
                .containsPattern("\\| kinesis put \\| write \\| 300 \\| [\\d,]+ \\|")
                .containsPattern("\\| kafka put \\| write \\| 300 \\| .* \\| baseline \\|")
                .containsPattern("  - delivered MiB/s vs raw S3: [\\d.]+×")
                .containsPattern("  - PutRecordBatch vs PutRecords: [\\d.]+×");
        assertThat(stack.keys("bench-smoke", "millrace-bench/"))
                .as("objects removed after the run")
                .isEmpty();
    }

    @Test
    void withDeliveryPausedEveryRecordIsStillDeliveredOnceAfterTheWriters() throws Exception {
        String report = firehose(
                "--records",
                "200",
                "--stream",
                "bench-smoke-paused",
                "--pause-delivery",
                "--connect-url",
                stack.connectUrl());
        assertThat(report)
                .containsPattern("\\| put \\| write \\| 200 \\| [\\d,]+ \\|")
                .containsPattern("  - sink during PutRecordBatch: paused \\(connector \\S*bench-smoke-paused ")
                .contains("  - acknowledged records found in S3: 200")
                .contains("  - records found more than once: 0")
                .contains("  - records found but never acknowledged: 0");
    }
}

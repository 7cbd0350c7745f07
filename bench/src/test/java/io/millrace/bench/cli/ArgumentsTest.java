package io.millrace.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.bench.BenchCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ArgumentsTest {

    @TempDir
    Path results;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int bench(String... args) {
        return new CommandLine(new BenchCommand())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
    }

    @Test
    void unknownWorkloadIsAUsageErrorThatListsTheWorkloads() {
        assertThat(bench("kinesis")).isEqualTo(2);
        assertThat(err.toString())
                .contains("Unknown workload 'kinesis': choose one of put, get, e2e, firehose, leases, baseline");
    }

    @Test
    void missingWorkloadIsAUsageError() {
        assertThat(bench()).isEqualTo(2);
        assertThat(err.toString()).contains("Missing workload");
    }

    @Test
    void recordSizeOutsideTheKinesisLimitIsRejectedBeforeAnythingRuns() {
        assertThat(bench("put", "--record-size", "0", "--results-dir", results.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--record-size must be between 1 and 10485744 bytes", "got 0");

        assertThat(bench("put", "--record-size", "20000000")).isEqualTo(2);
        assertThat(err.toString()).contains("got 20000000");
        assertThat(results).isEmptyDirectory();
    }

    @Test
    void nonNumericRecordSizeIsAUsageError() {
        assertThat(bench("get", "--record-size", "1KiB")).isEqualTo(2);
        assertThat(err.toString()).contains("--record-size").contains("1KiB");
    }

    @Test
    void e2eWarmUpMustNotBeNegative() {
        assertThat(bench("e2e", "--warm-up", "-1s", "--results-dir", results.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--warm-up must not be negative");
    }

    @Test
    void e2eRecordsMustHoldTheIdAndSendTime() {
        assertThat(bench("e2e", "--record-size", "8")).isEqualTo(2);
        assertThat(err.toString()).contains("--record-size must be between 16 and");
    }

    @Test
    void lambdaOptionsAreCheckedBeforeAnythingRuns() {
        assertThat(bench("e2e", "--lambda", "--fan-out", "--results-dir", results.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--lambda and --fan-out are two ways to read");

        assertThat(bench("e2e", "--lambda", "--poll-interval", "200ms", "--results-dir", results.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--poll-interval is for GetRecords readers, not --lambda");

        assertThat(bench("e2e", "--function-port", "8000", "--results-dir", results.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("need --lambda");

        assertThat(bench("e2e", "--lambda", "--lambda-batch-size", "10001", "--results-dir", results.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--lambda-batch-size must be between 1 and 10000, got 10001");
        assertThat(results).isEmptyDirectory();
    }

    @Test
    void fanOutOptionsAreCheckedBeforeAnythingRuns() {
        assertThat(bench("e2e", "--fan-out", "--poll-interval", "200ms", "--results-dir", results.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--poll-interval is for GetRecords readers; --fan-out subscribes");

        assertThat(bench("e2e", "--consumer-name", "mine", "--results-dir", results.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--consumer-name needs --fan-out");

        assertThat(bench("e2e", "--fan-out", "--consumer-name", "no spaces", "--results-dir", results.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--consumer-name must be 1 to 128 characters");

        assertThat(bench("e2e", "--consumers", "2", "--results-dir", results.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--consumers needs --fan-out");

        assertThat(bench("e2e", "--fan-out", "--consumers", "21", "--results-dir", results.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--consumers must be between 1 and 20", "got 21");

        assertThat(bench("get", "--fan-out", "--get-limit", "100", "--results-dir", results.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--get-limit is for GetRecords readers; --fan-out subscribes");

        assertThat(bench("get", "--consumer-name", "mine", "--results-dir", results.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--consumer-name needs --fan-out");
        assertThat(results).isEmptyDirectory();
    }

    @Test
    void rawS3OptionsOfFirehoseAreChecked() {
        assertThat(bench("firehose", "--s3-threads", "0", "--results-dir", results.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--s3-threads must be between 1 and 1024, got 0");

        assertThat(bench("firehose", "--s3-duration", "0s", "--results-dir", results.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--s3-duration must be positive");
        assertThat(results).isEmptyDirectory();
    }

    @Test
    void pausedDeliveryNeedsTheConnectUrlAndIsNotForABacklog() {
        assertThat(bench("firehose", "--pause-delivery", "--results-dir", results.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--pause-delivery needs --connect-url");

        assertThat(bench(
                        "firehose",
                        "--pause-delivery",
                        "--connect-url",
                        "http://127.0.0.1:1",
                        "--backlog",
                        "5",
                        "--bootstrap-servers",
                        "127.0.0.1:1",
                        "--results-dir",
                        results.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("is not for --backlog");

        assertThat(bench("firehose", "--connect-url", "http://127.0.0.1:1", "--results-dir", results.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--connect-url is for --backlog or --pause-delivery");
        assertThat(results).isEmptyDirectory();
    }

    @Test
    void negativePutWarmUpIsAUsageError() {
        assertThat(bench("put", "--warm-up-records", "-1", "--results-dir", results.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--warm-up-records must be 0 or more");
        assertThat(results).isEmptyDirectory();
    }

    @Test
    void platformPidThatCannotBeReadIsSaidOnceAndTheRunGoesOn() {
        // No such process: the CPU columns stay empty, the run itself (here: an unreachable endpoint) is unaffected.
        int code = bench(
                "put",
                "--endpoint",
                "http://127.0.0.1:1",
                "--platform-pid",
                "2147483647",
                "--records",
                "10",
                "--results-dir",
                results.toString());

        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).containsOnlyOnce("platform CPU not measured: cannot read /proc/2147483647/stat");
        assertThat(err.toString()).contains("bench put failed: CreateStream");
    }

    @Test
    void batchOverThePutRecordsLimitsIsRejected() {
        assertThat(bench("put", "--batch-size", "501")).isEqualTo(2);
        assertThat(err.toString()).contains("--batch-size must be between 1 and 500");

        assertThat(bench("put", "--batch-size", "500", "--record-size", "102400"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("exceeds the 10 MiB PutRecords request limit; use --batch-size 102");
    }

    @Test
    void baselineAndCompareNeedBootstrapServers() {
        assertThat(bench("baseline")).isEqualTo(2);
        assertThat(err.toString()).contains("--bootstrap-servers is required for the baseline");

        assertThat(bench("put", "--compare")).isEqualTo(2);
        assertThat(err.toString()).contains("--bootstrap-servers is required with --compare");

        assertThat(bench("e2e", "--fan-out", "--compare", "--results-dir", results.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--bootstrap-servers is required with --compare");
        assertThat(results).isEmptyDirectory();
    }

    @Test
    void unknownOptionOfAWorkloadIsAUsageError() {
        assertThat(bench("put", "--shard", "2")).isEqualTo(2);
        assertThat(err.toString()).contains("--shard");
    }

    @Test
    void badDurationIsAUsageError() {
        assertThat(bench("put", "--duration", "soon")).isEqualTo(2);
        assertThat(err.toString()).contains("'soon' is not a duration");
    }

    @Test
    void helpListsEveryWorkload() {
        assertThat(bench("--help")).isZero();
        assertThat(out.toString()).contains("put", "get", "e2e", "firehose", "baseline");
    }

    @Test
    void firehoseLoadIsCheckedAgainstThePutRecordBatchLimits() {
        assertThat(bench("firehose", "--record-size", "1024001")).isEqualTo(2);
        assertThat(err.toString())
                .contains(
                        "--record-size must be between 16 and 1024000 bytes",
                        "PutRecordBatch takes records up to 1000 KiB");

        assertThat(bench("firehose", "--batch-size", "500", "--record-size", "10240"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("exceeds the 4 MiB PutRecordBatch request limit; use --batch-size 409");
    }

    @Test
    void firehoseBufferingHintsAreCheckedAgainstAwsRanges() {
        assertThat(bench("firehose", "--buffer-size-mb", "129")).isEqualTo(2);
        assertThat(err.toString()).contains("--buffer-size-mb must be between 1 and 128, got 129");

        assertThat(bench("firehose", "--buffer-interval", "901s")).isEqualTo(2);
        assertThat(err.toString()).contains("--buffer-interval must be between 0s and 900s");
    }

    @Test
    void destinationOptionsAreCheckedBeforeAnythingIsSent() {
        assertThat(bench("firehose", "--destination", "splunk", "--results-dir", results.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("expected s3, http, iceberg or opensearch, got 'splunk'");

        assertThat(bench("firehose", "--destination", "opensearch", "--results-dir", results.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--destination opensearch needs --opensearch-url");

        assertThat(bench("firehose", "--opensearch-url", "http://127.0.0.1:1", "--results-dir", results.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--opensearch-url is for --destination opensearch");

        // HttpEndpointBufferingHints.SizeInMBs is 1 to 64 where S3's is 1 to 128.
        assertThat(bench("firehose", "--destination", "http", "--buffer-size-mb", "65"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--buffer-size-mb must be at most 64 for the http destination, got 65");

        assertThat(bench(
                        "firehose",
                        "--destination",
                        "http",
                        "--backlog",
                        "5",
                        "--bootstrap-servers",
                        "127.0.0.1:1",
                        "--results-dir",
                        results.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--backlog is for --destination s3 only");

        // Iceberg and OpenSearch records are JSON objects naming their batch and index: 64 bytes at least.
        assertThat(bench("firehose", "--destination", "iceberg", "--record-size", "63"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--record-size must be between 64 and");
        assertThat(results).isEmptyDirectory();
    }

    @Test
    void durationsReadAsUsersWriteThem() {
        DurationConverter c = new DurationConverter();

        assertThat(c.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(c.convert("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.convert("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.convert("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(c.convert("45")).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void unreachableEndpointFailsWithExitCodeOneAndNoReport() throws Exception {
        // Port 1 on loopback: nothing listens, the connection is refused at once.
        int code = bench(
                "put",
                "--endpoint",
                "http://127.0.0.1:1",
                "--records",
                "10",
                "--shards",
                "1",
                "--results-dir",
                results.toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("bench put failed: CreateStream");
        try (var files = Files.list(results)) {
            assertThat(files).isEmpty();
        }
    }
}

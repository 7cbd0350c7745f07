package io.millrace.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.firehose.it.TestStack;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        gateway = FirehoseRuns.gateway(0, Map.of());
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private String firehose(String... args) throws Exception {
        return FirehoseRuns.run(gateway, results, "bench-smoke", args);
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

package io.millrace.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.firehose.api.FirehoseConfig;
import io.millrace.firehose.it.TestStack;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code firehose --destination http} and {@code iceberg} end to end with tiny sizes: the real endpoint serving the
 * Firehose and Glue APIs, the delivery stream's connector on a Connect worker, an HTTP endpoint the bench serves and
 * an Iceberg table the bench makes in the gateway's Glue catalog and reads back with Iceberg's reader. Every
 * acknowledged record must arrive once, and the run must leave neither its delivery stream nor its table behind.
 */
class FirehoseDestinationsIT {

    private static TestStack stack;
    private static BenchGateway gateway;

    @TempDir
    Path results;

    @BeforeAll
    static void start() throws Exception {
        stack = TestStack.get();
        // The connectors commit Iceberg tables through this gateway's own Glue API, as millrace up sets it: the
        // port is chosen before the gateway starts so that the Firehose API's configuration can name it.
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        gateway = FirehoseRuns.gateway(port, Map.of(FirehoseConfig.GLUE_ENDPOINT, "http://127.0.0.1:" + port));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private String firehose(String... args) throws Exception {
        return FirehoseRuns.run(gateway, results, "bench-destinations", args);
    }

    @Test
    void everyRecordReachesTheBenchsHttpEndpointAndCompareRunsRawPosts() throws Exception {
        String report = firehose("--destination", "http", "--records", "300", "--stream", "bench-http", "--compare");
        assertThat(report)
                .containsPattern("\\| put \\| write \\| 300 \\| [\\d,]+ \\|")
                .containsPattern("\\| http \\| put-to-HTTP \\| 300 \\| [\\d,]+ \\|")
                .contains("  - records acknowledged: 300")
                .contains("  - acknowledged records found at the HTTP endpoint: 300")
                .contains("  - records found more than once: 0")
                .contains("  - records found but never acknowledged: 0")
                .contains("  - requests refused (wrong access key): 0")
                .containsPattern("  - requests answered: [1-9]")
                .containsPattern("\\| raw http \\| HTTP POST \\| 300 \\| [\\d,]+ \\|")
                .contains("  - records the endpoint decoded: 300")
                .containsPattern("  - delivered MiB/s vs raw HTTP POST: [\\d.]+×");
    }

    @Test
    void everyRecordIsReadBackFromTheIcebergTableAndTheTableIsDroppedAfterwards() throws Exception {
        String report = firehose("--destination", "iceberg", "--records", "200", "--stream", "bench-iceberg");
        assertThat(report)
                .containsPattern("\\| put \\| write \\| 200 \\| [\\d,]+ \\|")
                .containsPattern("\\| iceberg \\| put-to-Iceberg \\| 200 \\| [\\d,]+ \\|")
                .contains("  - acknowledged records found in the Iceberg table: 200")
                .contains("  - records found more than once: 0")
                .contains("  - records found but never acknowledged: 0")
                .contains("  - rows read: 200")
                .containsPattern("  - snapshots read: [1-9]");
        assertThat(stack.keys("bench-destinations", "millrace-bench/"))
                .as("the table's files removed after the run")
                .isEmpty();
    }
}

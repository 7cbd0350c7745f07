package io.millrace.launcher;

import static io.millrace.launcher.UpScenarios.client;
import static io.millrace.launcher.UpScenarios.options;
import static io.millrace.launcher.UpScenarios.putNumbered;
import static io.millrace.launcher.UpScenarios.readShard;
import static io.millrace.launcher.UpScenarios.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.millrace.launcher.net.Ports;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Two {@code ./millrace up} processes: a second gateway on the first one's services, and a second process refused on
 * a data directory in use.
 */
class MillraceUpSharingIT {

    @TempDir
    Path work;

    /**
     * Gateways are stateless: a second {@code millrace up} on the first one's Kafka, S3 store, Connect worker and
     * Flink cluster starts none of them, sees the same streams, and the two agree on the shard map across a reshard
     * while one producer alternates between them.
     */
    @Test
    void aSecondProcessOnTheFirstsServicesSharesEveryStream() throws Exception {
        int port = Ports.pickFree();
        int kafkaPort = Ports.pickFree();
        int s3Port = Ports.pickFree();
        int connectPort = Ports.pickFree();
        int flinkPort = Ports.pickFree();
        int secondPort = Ports.pickFree();
        try (MillraceProcess first = MillraceProcess.up(
                work.resolve("first.err"),
                "--data-dir",
                work.resolve("data").toString(),
                "--port",
                String.valueOf(port),
                "--kafka-port",
                String.valueOf(kafkaPort),
                "--controller-port",
                String.valueOf(Ports.pickFree()),
                "--s3-port",
                String.valueOf(s3Port),
                "--connect-port",
                String.valueOf(connectPort),
                "--flink-port",
                String.valueOf(flinkPort),
                "--shard-limits",
                "off")) {
            report("first process", first.awaitReady());
            Path secondData = work.resolve("second-data");
            try (MillraceProcess second = MillraceProcess.up(
                    work.resolve("second.err"),
                    "--data-dir",
                    secondData.toString(),
                    "--port",
                    String.valueOf(secondPort),
                    "--bootstrap-servers",
                    "127.0.0.1:" + kafkaPort,
                    "--s3-endpoint",
                    "http://127.0.0.1:" + s3Port,
                    "--connect-url",
                    "http://127.0.0.1:" + connectPort,
                    "--flink-rest-url",
                    "http://127.0.0.1:" + flinkPort,
                    "--shard-limits",
                    "off")) {
                MillraceProcess.Ready ready = second.awaitReady();
                report("second process", ready);
                assertThat(ready.line())
                        .contains("kafka 127.0.0.1:" + kafkaPort)
                        .contains("(external)");
                assertThat(secondData.resolve("kafka")).doesNotExist();

                try (KinesisClient one = client(port);
                        KinesisClient two = client(secondPort)) {
                    one.createStream(b -> b.streamName("shared").shardCount(2));
                    one.waiter().waitUntilStreamExists(b -> b.streamName("shared"));
                    assertThat(two.listStreams(b -> {}).streamNames()).contains("shared");
                    Map<String, String> acknowledged = new LinkedHashMap<>();
                    for (int n = 0; n < 300; n++) {
                        if (n == 100) {
                            two.splitShard(b -> b.streamName("shared")
                                    .shardToSplit("shardId-000000000000")
                                    .newStartingHashKey(
                                            BigInteger.ONE.shiftLeft(126).toString()));
                        }
                        String data = "record-" + n;
                        String key = "key-" + (n % 7);
                        KinesisClient via = n % 2 == 0 ? one : two;
                        acknowledged.put(
                                via.putRecord(b -> b.streamName("shared")
                                                .partitionKey(key)
                                                .data(SdkBytes.fromUtf8String(data)))
                                        .sequenceNumber(),
                                data);
                    }
                    await().atMost(Duration.ofSeconds(30))
                            .until(() -> one.describeStreamSummary(b -> b.streamName("shared"))
                                            .streamDescriptionSummary()
                                            .streamStatus()
                                    == StreamStatus.ACTIVE);
                    List<Shard> shards =
                            one.listShards(b -> b.streamName("shared")).shards();
                    assertThat(shards).hasSize(4);
                    assertThat(two.listShards(b -> b.streamName("shared")).shards())
                            .isEqualTo(shards);
                    Map<String, String> read = new LinkedHashMap<>();
                    for (Shard shard : shards) {
                        readShard(two, "shared", shard.shardId(), read);
                    }
                    assertThat(read).isEqualTo(acknowledged);
                    // Read parents before children (shards are listed in that order): each key's records in the
                    // order they were put, though its writes alternated between the two processes.
                    Map<Integer, Integer> lastPerKey = new HashMap<>();
                    for (String data : read.values()) {
                        int n = Integer.parseInt(data.substring("record-".length()));
                        Integer previous = lastPerKey.put(n % 7, n);
                        assertThat(previous == null || previous < n)
                                .as("order of key-%d at %s", n % 7, data)
                                .isTrue();
                    }
                }
                assertThat(second.terminate()).isEqualTo(143);
            }
            assertThat(first.terminate()).isEqualTo(143);
        }
    }

    /**
     * A second {@code millrace up} on a data directory in use (other ports) is refused before it opens anything: one
     * line naming the directory and the holder's PID, exit code 1. The first keeps serving every record.
     */
    @Test
    void aSecondProcessOnALiveDataDirectoryIsRefusedAndTheFirstKeepsServing() throws Exception {
        int port = Ports.pickFree();
        try (MillraceProcess first = MillraceProcess.up(work.resolve("first.err"), options(work, port))) {
            report("data directory owner", first.awaitReady());
            Map<String, String> acknowledged = new LinkedHashMap<>();
            try (KinesisClient kinesis = client(port)) {
                kinesis.createStream(b -> b.streamName("guarded").shardCount(1));
                kinesis.waiter().waitUntilStreamExists(b -> b.streamName("guarded"));
                putNumbered(kinesis, "guarded", 0, 50, acknowledged);

                Path secondErr = work.resolve("second.err");
                long spawned = System.nanoTime();
                try (MillraceProcess second = MillraceProcess.up(secondErr, options(work, Ports.pickFree()))) {
                    assertThat(second.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
                    System.out.printf(
                            "millrace up on a live data directory: refused %d ms after spawn%n",
                            Duration.ofNanos(System.nanoTime() - spawned).toMillis());
                    assertThat(second.stderrText().lines().filter(line -> !line.isBlank()))
                            .containsExactly("millrace: data directory "
                                    + work.resolve("data").toAbsolutePath()
                                    + " is in use by process " + first.pid()
                                    + "; stop that process or give another --data-dir");
                    assertThat(second.stdoutLines()).isEmpty();
                }

                putNumbered(kinesis, "guarded", 50, 100, acknowledged);
                Map<String, String> read = new LinkedHashMap<>();
                readShard(kinesis, "guarded", "shardId-000000000000", read);
                assertThat(read).isEqualTo(acknowledged);
            }
            assertThat(first.terminate()).isEqualTo(143);
            assertThat(first.stderrText()).doesNotContain("Exception");
        }
    }
}

package io.millrace.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.kinesis.config.KinesisConfig;
import io.millrace.testkit.EmbeddedKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * e2e --fan-out end to end against the real endpoint on an embedded broker: 2 shards, 2 writers, 8 seconds of load
 * of 100-byte records. Subscriptions last 6 s on this endpoint instead of 5 minutes, so every shard's first event
 * stream ends during the load and the readers must renew it from its ContinuationSequenceNumber without losing or
 * repeating a record.
 */
class FanOutSmokeIT {

    private static final int SUBSCRIPTION_SECONDS = 6;
    private static EmbeddedKafka kafka;
    private static BenchGateway gateway;

    @TempDir
    Path results;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        gateway = BenchGateway.start(new KinesisConfig(Map.of(
                KinesisConfig.BOOTSTRAP_SERVERS,
                kafka.bootstrapServers(),
                KinesisConfig.PORT,
                "0",
                KinesisConfig.SHARD_LIMITS,
                KinesisConfig.LIMITS_OFF,
                KinesisConfig.SUBSCRIPTION_SECONDS,
                String.valueOf(SUBSCRIPTION_SECONDS))));
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private static long note(String report, String name) {
        Matcher m = Pattern.compile("  - " + Pattern.quote(name) + ": (\\d+)").matcher(report);
        assertThat(m.find()).as("note %s in%n%s", name, report).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void fanOutDeliversEveryAcknowledgedRecordAcrossRenewedSubscriptionsAndDeregisters() throws Exception {
        String endpoint = "http://127.0.0.1:" + gateway.port();
        String stream = "bench-fan-out-smoke";
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = new CommandLine(new BenchCommand())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(
                        "e2e",
                        "--fan-out",
                        "--endpoint",
                        endpoint,
                        "--stream",
                        stream,
                        "--keep",
                        "--shards",
                        "2",
                        "--threads",
                        "2",
                        "--record-size",
                        "100",
                        "--duration",
                        (SUBSCRIPTION_SECONDS + 2) + "s",
                        "--results-dir",
                        results.toString());

        System.out.println(out);
        assertThat(code).as("stderr: %s", err).isZero();
        assertThat(out.toString()).doesNotContain("warning:");
        String report;
        try (Stream<Path> dirs = Files.list(results)) {
            Path dir = dirs.filter(d -> d.getFileName().toString().endsWith("-e2e"))
                    .findFirst()
                    .orElseThrow();
            assertThat(dir.resolve("throughput.png")).isNotEmptyFile();
            assertThat(dir.resolve("latency.png")).isNotEmptyFile();
            report = Files.readString(dir.resolve("report.md"));
        }
        assertThat(report)
                .containsPattern("\\| put \\| write \\| [\\d,]+ \\| [\\d,]+ \\|")
                .containsPattern("\\| e2e fan-out \\| put-to-get \\| [\\d,]+ \\| [\\d,]+ \\|")
                .contains("delivered in a SubscribeToShardEvent")
                .contains("enhanced fan-out: consumer millrace-bench");
        long acked = note(report, "records acknowledged");
        assertThat(acked).isPositive();
        assertThat(note(report, "records acknowledged and read back")).isEqualTo(acked);
        assertThat(note(report, "subscriptions renewed after they ended (from ContinuationSequenceNumber)"))
                .as("each shard's first event stream ended during the load")
                .isGreaterThanOrEqualTo(2);
        assertThat(note(report, "failed SubscribeToShard calls or event streams"))
                .isZero();
        // Every record was delivered exactly once, renewals included: the e2e row counts deliveries.
        assertThat(report)
                .containsPattern("\\| e2e fan-out \\| put-to-get \\| "
                        + String.format("%,d", acked).replace(",", "\\,") + " \\|");

        try (KinesisClient kinesis = KinesisClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("t", "t")))
                .build()) {
            String streamArn = kinesis.describeStreamSummary(b -> b.streamName(stream))
                    .streamDescriptionSummary()
                    .streamARN();
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(kinesis.listStreamConsumers(b -> b.streamARN(streamArn))
                                    .consumers())
                            .as("the bench deregistered its consumer")
                            .isEmpty());
            kinesis.deleteStream(b -> b.streamName(stream).enforceConsumerDeletion(true));
        }
    }
}

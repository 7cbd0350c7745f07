package io.millrace.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.dynamodb.DynamoDbConfig;
import io.millrace.dynamodb.DynamoDbService;
import io.millrace.kinesis.config.KinesisConfig;
import io.millrace.testkit.EmbeddedKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * put, get and e2e end to end against the real Millrace endpoint on an embedded broker, with tiny sizes: 2 shards,
 * 200 records of 100 bytes, 2 threads. Shard limits are off, as for any benchmark of the endpoint.
 */
class GatewaySmokeIT {

    private static EmbeddedKafka kafka;
    private static BenchGateway gateway;

    @TempDir
    Path results;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        Map<String, Object> props = Map.of(
                KinesisConfig.BOOTSTRAP_SERVERS,
                kafka.bootstrapServers(),
                KinesisConfig.PORT,
                "0",
                KinesisConfig.SHARD_LIMITS,
                KinesisConfig.LIMITS_OFF);
        KinesisConfig config = new KinesisConfig(props);
        // DynamoDB beside Kinesis, as on ./millrace up: the leases workload's lease table.
        gateway = BenchGateway.start(
                config, DynamoDbService.start(new DynamoDbConfig(props), config.kafkaClientProperties()));
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

    private String bench(String workload, String... extra) throws Exception {
        return run(
                workload,
                List.of(
                        "--shards",
                        "2",
                        "--records",
                        "200",
                        "--threads",
                        "2",
                        "--record-size",
                        "100",
                        "--batch-size",
                        "10"),
                extra);
    }

    private String run(String workload, List<String> load, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                workload, "--endpoint", "http://127.0.0.1:" + gateway.port(), "--results-dir", results.toString()));
        args.addAll(load);
        args.addAll(List.of(extra));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = new CommandLine(new BenchCommand())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args.toArray(String[]::new));

        System.out.println(out); // progress lines and summary, in the test's output file
        assertThat(code).as("stderr: %s", err).isZero();
        assertThat(out.toString()).as("stream deleted without warnings").doesNotContain("warning:");
        try (Stream<Path> dirs = Files.list(results)) {
            Path dir = dirs.filter(d -> d.getFileName().toString().endsWith("-" + workload))
                    .findFirst()
                    .orElseThrow();
            assertThat(dir.resolve("throughput.png")).isNotEmptyFile();
            assertThat(dir.resolve("latency.png")).isNotEmptyFile();
            return Files.readString(dir.resolve("report.md"));
        }
    }

    @Test
    void putWritesEveryRecordOverCbor() throws Exception {
        String report = bench("put");

        assertThat(report)
                .containsPattern("\\| put \\| write \\| 200 \\| [\\d,]+ \\|")
                .contains("(CBOR, region us-east-1)")
                .contains("  - dropped entries: 0");
    }

    @Test
    void putWritesEveryRecordOverJson() throws Exception {
        String report = bench("put", "--no-cbor");

        assertThat(report)
                .containsPattern("\\| put \\| write \\| 200 \\| [\\d,]+ \\|")
                .contains("(JSON 1.1, region us-east-1)");
    }

    @Test
    void getReadsBackEveryRecordItFilled() throws Exception {
        String report = bench("get");

        assertThat(report)
                .containsPattern("\\| fill \\| write \\| 200 \\| [\\d,]+ \\|")
                .containsPattern("\\| get \\| read \\| 200 \\| [\\d,]+ \\|")
                .contains("MillisBehindLatest, highest");
    }

    @Test
    void e2eSeesEveryAcknowledgedRecordComeBack() throws Exception {
        String report = bench("e2e", "--warm-up", "0s");

        assertThat(report)
                .containsPattern("\\| put \\| write \\| 200 \\| [\\d,]+ \\|")
                .containsPattern("\\| e2e \\| put-to-get \\| 200 \\| [\\d,]+ \\|")
                .contains("  - records acknowledged: 200")
                .contains("  - records acknowledged and read back: 200");
    }

    @Test
    void e2eWarmUpRecordsComeBackButOnlyTheMeasuredRunIsCounted() throws Exception {
        String report = bench("e2e", "--warm-up", "1s");

        assertThat(report)
                .containsPattern("\\| put \\| write \\| 200 \\| [\\d,]+ \\|")
                .containsPattern("\\| e2e \\| put-to-get \\| 200 \\| [\\d,]+ \\|")
                .contains("  - records acknowledged and read back: 200")
                .contains("| warm-up | 1 s of the same load before each measured run, unmeasured |");
        Matcher warmUp = Pattern.compile("  - warm-up, unmeasured: 1 s, (\\d+) records acknowledged, (\\d+) read back")
                .matcher(report);
        assertThat(warmUp.find()).as("warm-up note in%n%s", report).isTrue();
        assertThat(Long.parseLong(warmUp.group(1))).isPositive();
        assertThat(warmUp.group(2)).isEqualTo(warmUp.group(1));
    }

    @Test
    void e2eCompareRunsTheSameLoadOnKafkaAndReadsEveryRecordBack() throws Exception {
        String report = bench("e2e", "--warm-up", "0s", "--compare", "--bootstrap-servers", kafka.bootstrapServers());

        assertThat(report)
                .containsPattern(
                        "\\| e2e \\| put-to-get \\| 200 \\| [\\d,]+ \\| [\\d.]+ \\|" + "( [\\d.]+ \\|){5} [\\d.]+× \\|")
                .containsPattern("\\| kafka put \\| write \\| 200 \\| .* \\| baseline \\|")
                .containsPattern("\\| kafka e2e \\| put-to-get \\| 200 \\| .* \\| baseline \\|")
                .contains("from its send acknowledged to returned by poll()")
                .contains("send-to-get (includes the Kafka send call)");
        assertThat(report.split("  - records acknowledged and read back: 200", -1))
                .as("both runs read back every record")
                .hasSize(3);
    }

    @Test
    void compareRunsTheKafkaBaselineOnTheSameBroker() throws Exception {
        String report = bench("put", "--compare", "--bootstrap-servers", kafka.bootstrapServers());

        // The endpoint listens in this JVM: its CPU is this process's, found by the listening port.
        assertThat(report)
                .containsPattern("\\| put \\| write \\| 200 \\| [\\d,]+ \\| [\\d.]+ \\|( [\\d.]+ \\|){5} [\\d.]+× \\|"
                        + " [\\d.]+ \\| [\\d.]+ \\| ([\\d.]+×|–) \\|")
                .containsPattern(
                        "\\| kafka put \\| write \\| 200 \\| .* \\| baseline \\| [\\d.]+ \\| [\\d.]+ \\| baseline \\|")
                .contains("| platform process | pid " + ProcessHandle.current().pid() + " (listens on port "
                        + gateway.port() + ") |");
    }

    @Test
    void getFanOutReadsEveryRecordWithSubscribeToShardAndComparesWithARawConsumer() throws Exception {
        String report = bench("get", "--fan-out", "--compare", "--bootstrap-servers", kafka.bootstrapServers());

        assertThat(report)
                .containsPattern("\\| fill \\| write \\| 200 \\| [\\d,]+ \\|")
                .containsPattern("\\| fan-out read \\| read \\| 200 \\| [\\d,]+ \\| [\\d.]+ \\|( – \\|){5}"
                        + " [\\d.]+× \\| [\\d.]+ \\| [\\d.]+ \\| ([\\d.]+×|–) \\|")
                .containsPattern("\\| kafka read \\| read \\| 200 \\| .* \\| baseline \\|")
                .contains("  - failed SubscribeToShard calls or event streams: 0")
                .contains("| readers | enhanced fan-out: consumer millrace-bench, one SubscribeToShard event stream"
                        + " per shard (HTTP/2) |")
                .doesNotContain("| get | read |");
    }

    @Test
    void e2eFanOutWithTwoConsumersDeliversEveryRecordToEach() throws Exception {
        String report = bench("e2e", "--warm-up", "0s", "--fan-out", "--consumers", "2");

        assertThat(report)
                .containsPattern("\\| put \\| write \\| 200 \\| [\\d,]+ \\|")
                .containsPattern("\\| e2e fan-out \\| put-to-get \\| 400 \\| [\\d,]+ \\|")
                .contains("  - records acknowledged: 200")
                .contains("  - records acknowledged and read back by every consumer: 200")
                .contains("2 consumers millrace-bench-1 to -2");
    }

    @Test
    void leasesDrivesAFleetOfWorkersThroughEveryLeaseTableOperation() throws Exception {
        String report = run(
                "leases",
                List.of(
                        "--workers",
                        "3",
                        "--leases",
                        "12",
                        "--failover",
                        "1s",
                        "--checkpoint-interval",
                        "300ms",
                        "--duration",
                        "6s",
                        "--threads",
                        "4"));

        assertThat(report)
                .contains("| create | lease table | 12 |")
                .containsPattern("\\| renew \\| lease table \\| [1-9][\\d,]* \\|")
                .containsPattern("\\| take \\| lease table \\| [1-9][\\d,]* \\|")
                .containsPattern("\\| checkpoint \\| lease table \\| [1-9][\\d,]* \\|")
                .containsPattern("\\| get \\| lease table \\| [1-9][\\d,]* \\|")
                .containsPattern("\\| scan \\| lease table \\| [1-9][\\d,]* \\|")
                // Each worker aims at an even share: 4, never more (a loaded machine may leave some untaken yet).
                .containsPattern("  - leases held at the end: (\\d+) of 12 \\(per worker \\d to [0-4]\\)")
                .doesNotContain("failed calls");
    }
}

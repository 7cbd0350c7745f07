package io.millrace.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.bench.BenchCommand;
import io.millrace.launcher.net.Ports;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The packaged platform in the 512 MiB heap its memory budgets are made for ({@code MILLRACE_JAVA_OPTS=-Xmx512m},
 * as {@link MillraceProcess} starts it): a short load of PutRecords, GetRecords and Firehose delivery to S3 through
 * it, every record accounted for, and the heap that stays live after a full collection, read from the process with
 * {@code jcmd}, well inside the limit. Likewise a gateway alone on an external cluster in 256 MiB.
 */
class PlatformMemoryIT {

    private static final long MIB = 1024L * 1024;
    /** The platform holds this much after a full collection, under load; the rest of 512 MiB is headroom. */
    private static final long LIVE_HEAP_LIMIT = 320 * MIB;

    /** A gateway alone holds this much after a full collection, under load; the rest of 256 MiB is headroom. */
    private static final long GATEWAY_LIVE_HEAP_LIMIT = 160 * MIB;

    private static final Pattern HEAP_USED = Pattern.compile("garbage-first heap\\s+total \\d+K, used (\\d+)K");

    @TempDir
    Path work;

    @Test
    void putGetAndFirehoseLoadRunsInA512MiBHeap() throws Exception {
        int port = Ports.pickFree();
        int s3Port = Ports.pickFree();
        try (MillraceProcess millrace = MillraceProcess.up(
                work.resolve("millrace.err"),
                "--data-dir",
                work.resolve("data").toString(),
                "--shard-limits",
                "off",
                "--port",
                String.valueOf(port),
                "--kafka-port",
                String.valueOf(Ports.pickFree()),
                "--controller-port",
                String.valueOf(Ports.pickFree()),
                "--s3-port",
                String.valueOf(s3Port),
                "--connect-port",
                "0",
                "--flink-port",
                "0")) {
            millrace.awaitReady();
            String endpoint = "http://127.0.0.1:" + port;

            assertThat(loadAndLiveHeaps(millrace.pid(), endpoint, s3Port, "memory-it", "platform"))
                    .allSatisfy(live -> assertThat(live).isLessThan(LIVE_HEAP_LIMIT));
            assertThat(millrace.stderrText()).doesNotContain("OutOfMemoryError");
            assertThat(millrace.terminate()).isEqualTo(143);
        }
    }

    /**
     * A gateway alone, on the services of a platform started beside it ({@code --bootstrap-servers},
     * {@code --s3-endpoint}, {@code --connect-url}, {@code --flink-rest-url}), in a 256 MiB heap: the same put, get and
     * Firehose load through it, every record accounted for, and its live heap well inside the limit.
     */
    @Test
    void aGatewayAloneOnAnExternalClusterRunsInA256MiBHeap() throws Exception {
        int kafkaPort = Ports.pickFree();
        int s3Port = Ports.pickFree();
        int connectPort = Ports.pickFree();
        int flinkPort = Ports.pickFree();
        int gatewayPort = Ports.pickFree();
        try (MillraceProcess services = MillraceProcess.up(
                work.resolve("services.err"),
                "--data-dir",
                work.resolve("services").toString(),
                "--shard-limits",
                "off",
                "--port",
                String.valueOf(Ports.pickFree()),
                "--kafka-port",
                String.valueOf(kafkaPort),
                "--controller-port",
                String.valueOf(Ports.pickFree()),
                "--s3-port",
                String.valueOf(s3Port),
                "--connect-port",
                String.valueOf(connectPort),
                "--flink-port",
                String.valueOf(flinkPort))) {
            services.awaitReady();
            // The embedded S3 store takes any signature; the gateway hands the connectors it configures the same
            // S3 credentials as the platform's own gateway does, or the two would rewrite each other's connectors.
            Path config = work.resolve("gateway.properties");
            Files.writeString(config, "millrace.s3.access-key-id=millrace\nmillrace.s3.secret-access-key=millrace\n");
            try (MillraceProcess gateway = MillraceProcess.upWithJavaOptions(
                    "-Xmx256m",
                    work.resolve("gateway.err"),
                    "--config",
                    config.toString(),
                    "--data-dir",
                    work.resolve("gateway").toString(),
                    "--shard-limits",
                    "off",
                    "--port",
                    String.valueOf(gatewayPort),
                    "--bootstrap-servers",
                    "127.0.0.1:" + kafkaPort,
                    "--s3-endpoint",
                    "http://127.0.0.1:" + s3Port,
                    "--connect-url",
                    "http://127.0.0.1:" + connectPort,
                    "--flink-rest-url",
                    "http://127.0.0.1:" + flinkPort)) {
                gateway.awaitReady();
                String endpoint = "http://127.0.0.1:" + gatewayPort;

                assertThat(loadAndLiveHeaps(gateway.pid(), endpoint, s3Port, "gateway-memory-it", "gateway alone"))
                        .allSatisfy(live -> assertThat(live).isLessThan(GATEWAY_LIVE_HEAP_LIMIT));
                assertThat(gateway.stderrText()).doesNotContain("OutOfMemoryError");
                assertThat(gateway.terminate()).isEqualTo(143);
            }
            assertThat(services.terminate()).isEqualTo(143);
        }
    }

    /**
     * 20,000 PutRecords entries, 20,000 GetRecords reads and 5,000 Firehose records delivered to S3 through
     * {@code endpoint}, every record accounted for; the live heap of {@code pid} after each, printed and returned.
     */
    private List<Long> loadAndLiveHeaps(long pid, String endpoint, int s3Port, String bucket, String what)
            throws Exception {
        assertThat(bench("put", endpoint, "20000", "500"))
                .containsPattern("\\| put \\| write \\| 20,000 \\| [\\d,]+ \\|")
                .contains("  - dropped entries: 0");
        long afterPut = liveHeap(pid);
        assertThat(bench("get", endpoint, "20000", "500"))
                .containsPattern("\\| get \\| read \\| 20,000 \\| [\\d,]+ \\|");
        long afterGet = liveHeap(pid);
        assertThat(bench(
                        "firehose",
                        endpoint,
                        "5000",
                        "250",
                        "--s3-endpoint",
                        "http://127.0.0.1:" + s3Port,
                        "--bucket",
                        bucket))
                .contains("  - acknowledged records found in S3: 5000")
                .contains("  - records found more than once: 0");
        long afterFirehose = liveHeap(pid);
        System.out.printf(
                "%s, live heap after a full GC (MiB): after put %d, after get %d, after firehose %d%n",
                what, afterPut / MIB, afterGet / MIB, afterFirehose / MIB);
        return List.of(afterPut, afterGet, afterFirehose);
    }

    /** One bench workload in this JVM against the platform; the report of the run. */
    private String bench(String workload, String endpoint, String records, String batch, String... extra)
            throws Exception {
        Path results = Files.createTempDirectory(work, workload);
        List<String> args = new ArrayList<>(List.of(
                workload,
                "--endpoint",
                endpoint,
                "--shards",
                "4",
                "--records",
                records,
                "--threads",
                "4",
                "--record-size",
                "1024",
                "--batch-size",
                batch,
                "--results-dir",
                results.toString()));
        args.addAll(List.of(extra));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new BenchCommand())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args.toArray(String[]::new));
        System.out.println(out);
        assertThat(code).as("bench %s; stderr: %s", workload, err).isZero();
        try (Stream<Path> dirs = Files.list(results)) {
            Path dir = dirs.filter(d -> d.getFileName().toString().endsWith("-" + workload))
                    .findFirst()
                    .orElseThrow();
            return Files.readString(dir.resolve("report.md"));
        }
    }

    /** The heap in use right after a full collection: what the platform holds, not what it has yet to collect. */
    private static long liveHeap(long pid) throws Exception {
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        Matcher used = HEAP_USED.matcher(info);
        assertThat(used.find()).as("G1 heap line in:%n%s", info).isTrue();
        return Long.parseLong(used.group(1)) * 1024;
    }

    private static String jcmd(long pid, String command) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), command)
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("jcmd %s: %s", command, output).isZero();
        return output;
    }
}

package io.millrace.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.testkit.EmbeddedKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code bench baseline} end to end against a real broker, with tiny sizes. */
class BaselineSmokeIT {

    private static EmbeddedKafka kafka;

    @TempDir
    Path results;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void writesAndReadsBackEveryRecordAndReportsIt() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = new CommandLine(new BenchCommand())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(
                        "baseline",
                        "--bootstrap-servers",
                        kafka.bootstrapServers(),
                        "--records",
                        "200",
                        "--record-size",
                        "100",
                        "--batch-size",
                        "10",
                        "--shards",
                        "2",
                        "--threads",
                        "2",
                        "--stream",
                        "bench-smoke",
                        "--results-dir",
                        results.toString());

        System.out.println(out); // the progress lines and summary, in the test's output file
        assertThat(code).as("stderr: %s", err).isZero();
        Path dir;
        try (Stream<Path> dirs = Files.list(results)) {
            List<Path> all = dirs.toList();
            assertThat(all)
                    .singleElement()
                    .satisfies(d -> assertThat(d.getFileName().toString()).matches("\\d{8}-\\d{6}-baseline"));
            dir = all.get(0);
        }
        String report = Files.readString(dir.resolve("report.md"));
        assertThat(report)
                .containsPattern("\\| kafka put \\| write \\| 200 \\| [\\d,]+ \\| [\\d.]+ \\|")
                .containsPattern("\\| kafka read \\| read \\| 200 \\| [\\d,]+ \\| [\\d.]+ \\|")
                .contains("| topic | bench-smoke |")
                .contains("acks=all, enable.idempotence=true, linger.ms=5");
        assertThat(dir.resolve("throughput.png")).isNotEmptyFile();
        assertThat(dir.resolve("latency.png")).isNotEmptyFile();
        assertThat(out.toString()).contains("report: " + dir.resolve("report.md"));
        try (Admin admin = Admin.create(java.util.Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get())
                    .as("topic deleted after the run")
                    .doesNotContain("bench-smoke");
        }
    }
}

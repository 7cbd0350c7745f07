package io.millrace.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.launcher.net.Ports;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code ./millrace bench} workloads that between them use every client SDK the bench has (Kinesis on the Apache
 * and the Netty HTTP clients, Firehose, S3), from the packaged jar, against an endpoint nobody listens on: each must
 * get as far as its first call and fail with its one-line "unreachable" message. The
 * module tests run on Maven's test classpath, which holds every test-scoped jar too; only the packaged {@code lib/}
 * shows a client SDK the launcher forgot (a test-scoped declaration in its pom once dropped the Firehose SDK, and
 * {@code bench firehose} died with ClassNotFoundException).
 */
class PackagedBenchIT {

    @TempDir
    Path work;

    @ParameterizedTest
    @ValueSource(strings = {"e2e --fan-out", "firehose"})
    void workloadReachesItsFirstCallFromThePackagedJar(String workload) throws Exception {
        String nobody = "http://127.0.0.1:" + Ports.pickFree();
        List<String> command =
                new ArrayList<>(List.of(MillraceProcess.ROOT.resolve("millrace").toString(), "bench"));
        command.addAll(List.of(workload.split(" ")));
        command.addAll(List.of("--endpoint", nobody, "--duration", "1s", "--results-dir", work.toString()));
        if (workload.equals("firehose")) {
            command.addAll(List.of("--s3-endpoint", nobody));
        }
        Path output = work.resolve("bench.out");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("MILLRACE_SKIP_BUILD", "1");
        Process bench = builder.start();
        assertThat(bench.waitFor(90, TimeUnit.SECONDS))
                .as("bench %s ends by itself", workload)
                .isTrue();

        String printed = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(printed)
                .as("bench %s output", workload)
                .doesNotContain("ClassNotFoundException")
                .doesNotContain("NoClassDefFoundError")
                .contains("bench " + workload.split(" ")[0] + " failed: ")
                .contains("Connection refused");
        assertThat(bench.exitValue()).as("exit code of a failed run").isEqualTo(1);
    }
}

package io.millrace.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** {@code ./millrace up} as a child process, the way an operator runs it. */
final class MillraceProcess implements AutoCloseable {

    static final Path ROOT =
            Path.of(System.getProperty("millrace.root", "..")).toAbsolutePath().normalize();
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final Path stderr;
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final long spawnedAtNanos = System.nanoTime();

    private MillraceProcess(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        Thread reader = new Thread(this::readStdout, "millrace-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    static MillraceProcess up(Path stderr, String... options) throws IOException {
        return upWithJavaOptions("-Xmx512m", stderr, options);
    }

    /** {@code millrace up} with {@code javaOptions} as {@code MILLRACE_JAVA_OPTS} (the heap it runs in). */
    static MillraceProcess upWithJavaOptions(String javaOptions, Path stderr, String... options) throws IOException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("millrace").toString(), "up"));
        command.addAll(List.of(options));
        if (!command.contains("--tls-port")) {
            // Tests run side by side: the default HTTPS port would be shared, so a test that does not name one
            // gets a free one.
            command.addAll(List.of("--tls-port", "0"));
        }
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()));
        // The jar was packaged by this very build; a rebuild inside it would race the build itself.
        builder.environment().put("MILLRACE_SKIP_BUILD", "1");
        builder.environment().put("MILLRACE_JAVA_OPTS", javaOptions);
        // No class-data archive: a test's up would record a class list and the next one make the archive from it in
        // the background, a minute of CPU the tests beside it need.
        builder.environment().put("MILLRACE_CDS", "off");
        return new MillraceProcess(builder.start(), stderr);
    }

    /** Waits for the ready line; returns it with the wall-clock time from spawn, for the record. */
    Ready awaitReady() throws Exception {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : stdout) {
                if (line.contains("ready")) {
                    return new Ready(line, Duration.ofNanos(System.nanoTime() - spawnedAtNanos));
                }
            }
            if (!process.isAlive()) {
                throw new AssertionError(
                        "millrace up exited with " + process.exitValue() + " before ready:\n" + stderrText());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no ready line within " + READY_TIMEOUT + ":\n" + stderrText());
    }

    /** SIGKILL: no shutdown hook, no flush, as when the machine's OOM killer strikes. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    /**
     * SIGTERM, then the exit code once the process is gone. The stop watchdog's halt exits with 143 too: its line on
     * stderr tells a halted stop from a clean one.
     */
    int terminate() throws InterruptedException {
        process.destroy();
        boolean stopped = process.waitFor(60, TimeUnit.SECONDS);
        assertThat(stopped)
                .as("stopped within 60 s after SIGTERM; stderr:%n%s", stopped ? "" : stderrText())
                .isTrue();
        assertThat(stderrText()).as("a stop the watchdog did not have to halt").doesNotContain("did not stop within");
        return process.exitValue();
    }

    /** The exit code of a process expected to stop by itself within {@code timeout}. */
    int awaitExit(Duration timeout) throws InterruptedException {
        boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(exited)
                .as("exited by itself within %s; stderr:%n%s", timeout, exited ? "" : stderrText())
                .isTrue();
        return process.exitValue();
    }

    /** The JVM's PID: the script execs java, so it is the spawned process's own. */
    long pid() {
        return process.pid();
    }

    List<String> stdoutLines() {
        return List.copyOf(stdout);
    }

    String stderrText() {
        try {
            return Files.readString(stderr);
        } catch (IOException e) {
            return "(stderr unreadable: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private void readStdout() {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                stdout.add(line);
            }
        } catch (IOException e) {
            // the process is gone; what was read stays
        }
    }

    record Ready(String line, Duration afterSpawn) {}
}

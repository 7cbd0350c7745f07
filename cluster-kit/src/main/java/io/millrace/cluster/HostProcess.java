package io.millrace.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A process on a host, its stdout and stderr in a log file a failing test prints the tail of. */
public final class HostProcess {

    private final String name;
    private final Process process;
    private final Path log;

    private HostProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static HostProcess start(String name, List<String> command, Map<String, String> env, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        return new HostProcess(name, builder.start(), log);
    }

    public String name() {
        return name;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** The process id: {@code ip netns exec} execs its command, so this is the JVM's own. */
    public long pid() {
        return process.pid();
    }

    /**
     * The JVM's threads and what each waits on ({@code jcmd PID Thread.print}), for a test to record while a fault
     * lasts; an explanation instead when the JVM cannot be attached.
     */
    public String threadDump() {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        try {
            return Shell.runQuietly(jcmd, String.valueOf(process.pid()), "Thread.print");
        } catch (IllegalStateException e) {
            return "(no thread dump of " + name + ": " + e.getMessage() + ")";
        }
    }

    /**
     * SIGKILL of the process: {@code ip netns exec} execs its command, so this is the JVM itself, which gets no
     * chance to flush or say goodbye.
     */
    public void kill9() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for the process to end by itself (a tool such as Kafka's storage formatter); returns its exit code. */
    public int awaitExit(java.time.Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(name + " did not finish within " + timeout + ":\n" + tail(20));
        }
        return process.exitValue();
    }

    /** The last {@code lines} lines of the log. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public String toString() {
        return name;
    }
}

package io.millrace.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent in a JVM of its own, killed with SIGKILL in the middle of the stream, twice, and started again each time:
 * the stream ends up with every line once, in order. Lines are written while it is down too, and the file is rotated
 * by rename while it is down, so the restarted agent must find its checkpointed file under its new name.
 */
class KillNineIT {

    @TempDir
    Path dir;

    private Process startAgent(Path config, int run) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(
                        java,
                        "-Xmx256m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        AgentMain.class.getName(),
                        "--config",
                        config.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("agent-" + run + ".log").toFile())
                .start();
    }

    private static void killNine(Process agent) throws Exception {
        // Process.destroyForcibly is SIGKILL on Unix: no shutdown hook, no last checkpoint.
        agent.destroyForcibly();
        assertThat(agent.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    private static void write(Path log, int from, int to) throws Exception {
        for (int i = from; i < to; i += 10) {
            AgentTestFiles.append(log, AgentTestFiles.lines(i, Math.min(to, i + 10)));
            Thread.sleep(3);
        }
    }

    @Test
    void nothingIsLostOrRepeatedAcrossKillNine() throws Exception {
        AgentGateway gateway = AgentGateway.shared();
        String stream = gateway.newStream("agent-kill");
        Path config = AgentTestFiles.agentJson(dir, gateway.endpoint(), stream);
        Path log = dir.resolve("logs/app.log");

        Process agent = startAgent(config, 1);
        try {
            write(log, 0, 1000);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> gateway.readAll(stream).size() >= 300);
            Thread.sleep(ThreadLocalRandom.current().nextInt(300));
            killNine(agent);

            write(log, 1000, 1200);
            Files.move(log, dir.resolve("logs/app.log.1"));
            Thread.sleep(20);
            write(log, 1200, 1400);

            agent = startAgent(config, 2);
            write(log, 1400, 2000);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> gateway.readAll(stream).size() >= 1500);
            Thread.sleep(ThreadLocalRandom.current().nextInt(300));
            killNine(agent);

            agent = startAgent(config, 3);
            write(log, 2000, 2200);
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> gateway.readAll(stream).size() >= 2200);
            // A repeat would arrive after the last line: give it the time of a few batches.
            Thread.sleep(2_500);
        } finally {
            killNine(agent);
            // The agents' own lines (resumes, rotations, the interrupted batch) go with the test's output.
            for (int run = 1; run <= 3; run++) {
                Path output = dir.resolve("agent-" + run + ".log");
                if (Files.exists(output)) {
                    System.out.println("--- agent run " + run + "\n" + Files.readString(output));
                }
            }
        }
        List<String> received = gateway.readAll(stream);
        assertThat(received).containsExactlyElementsOf(AgentTestFiles.lines(0, 2200));
    }
}

package io.millrace.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.millrace.agent.config.AgentConfigReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent ships a file being appended to and rotated into a stream on a real gateway, every line once, in order. */
class KinesisAgentIT {

    @TempDir
    Path dir;

    @Test
    void shipsEveryLineOnceInOrderAcrossRenameAndCopyTruncateRotation() throws Exception {
        AgentGateway gateway = AgentGateway.shared();
        String stream = gateway.newStream("agent");
        Path config = AgentTestFiles.agentJson(dir, gateway.endpoint(), stream);
        Path log = dir.resolve("logs/app.log");

        try (Agent agent = Agent.start(AgentConfigReader.read(config))) {
            for (int i = 0; i < 300; i += 10) {
                AgentTestFiles.append(log, AgentTestFiles.lines(i, i + 10));
                Thread.sleep(5);
            }
            // logrotate's create: the file is renamed, the writer's last lines still land in it, a new one follows.
            Files.move(log, dir.resolve("logs/app.log.1"));
            AgentTestFiles.append(dir.resolve("logs/app.log.1"), AgentTestFiles.lines(300, 310));
            Thread.sleep(20);
            for (int i = 310; i < 600; i += 10) {
                AgentTestFiles.append(log, AgentTestFiles.lines(i, i + 10));
                Thread.sleep(5);
            }
            // logrotate's copytruncate loses what the tailer has not read when the file is truncated, with any tailer:
            // the test lets the agent catch up first, as a real rotation at a quiet moment would.
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> gateway.readAll(stream).size() == 600);
            Files.copy(log, dir.resolve("logs/app.log.2"), StandardCopyOption.REPLACE_EXISTING);
            Files.write(log, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
            for (int i = 600; i < 900; i += 10) {
                AgentTestFiles.append(log, AgentTestFiles.lines(i, i + 10));
                Thread.sleep(5);
            }
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> gateway.readAll(stream).size() >= 900);
        }
        List<String> received = gateway.readAll(stream);
        assertThat(received).containsExactlyElementsOf(AgentTestFiles.lines(0, 900));
    }
}

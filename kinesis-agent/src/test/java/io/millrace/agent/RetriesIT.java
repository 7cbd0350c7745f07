package io.millrace.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.millrace.agent.config.AgentConfigReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nothing is dropped when the endpoint says no: whole requests failing, and single records throttled. */
class RetriesIT {

    @TempDir
    Path dir;

    @Test
    void requestsToAStreamNotThereYetAreSentAgainUntilItIs() throws Exception {
        AgentGateway gateway = AgentGateway.shared();
        String stream = "agent-later-" + UUID.randomUUID().toString().substring(0, 8);
        Path config = AgentTestFiles.agentJson(dir, gateway.endpoint(), stream);
        AgentTestFiles.append(dir.resolve("logs/app.log"), AgentTestFiles.lines(0, 120));
        try (Agent agent = Agent.start(AgentConfigReader.read(config))) {
            // PutRecords answers ResourceNotFoundException meanwhile, several times over (the batch is 1 s old).
            Thread.sleep(3_000);
            gateway.createStream(stream);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> gateway.readAll(stream).size() >= 120);
            Thread.sleep(1_500);
        }
        assertThat(gateway.readAll(stream)).containsExactlyElementsOf(AgentTestFiles.lines(0, 120));
    }

    @Test
    void throttledRecordsAreSentAgainAndNoneTwice() throws Exception {
        AgentGateway gateway = AgentGateway.withShardLimits();
        // Read back through a gateway without limits on the same broker: reads are throttled too (5 a second).
        AgentGateway reader = AgentGateway.shared();
        String stream = reader.newStream("agent-throttled");
        // 5,000 lines in batches of 500 on one shard (1,000 records a second): most batches come back in part
        // ProvisionedThroughputExceededException.
        Path config = AgentTestFiles.agentJson(dir, gateway.endpoint(), stream, 500);
        AgentTestFiles.append(dir.resolve("logs/app.log"), AgentTestFiles.lines(0, 5_000));
        try (Agent agent = Agent.start(AgentConfigReader.read(config))) {
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> reader.readAll(stream).size() >= 5_000);
            Thread.sleep(1_500);
        }
        List<String> received = reader.readAll(stream);
        // A record sent again lands after those of its batch that went through, as with AWS: the order may differ.
        assertThat(received).hasSize(5_000).containsExactlyInAnyOrderElementsOf(AgentTestFiles.lines(0, 5_000));
    }
}

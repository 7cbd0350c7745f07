package io.millrace.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.millrace.agent.checkpoint.CheckpointStore;
import io.millrace.agent.checkpoint.InFlight;
import io.millrace.agent.config.AgentConfig;
import io.millrace.agent.config.AgentConfigReader;
import io.millrace.agent.config.FlowConfig.PartitionKeyOption;
import io.millrace.agent.send.PartitionKeys;
import io.millrace.agent.tailing.FilePosition;
import io.millrace.agent.tailing.Fingerprint;
import io.millrace.agent.tailing.TrackedFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/**
 * The moment kill -9 rarely hits, made to happen: the agent died after part of a batch reached the stream and before
 * the checkpoint said so. The restarted agent sends only the rest.
 */
class InterruptedBatchIT {

    @TempDir
    Path dir;

    @Test
    void aRestartSendsOnlyWhatTheInterruptedBatchDidNotDeliver() throws Exception {
        AgentGateway gateway = AgentGateway.shared();
        String stream = gateway.newStream("agent-inflight");
        Path configFile = AgentTestFiles.agentJson(dir, gateway.endpoint(), stream);
        AgentConfig config = AgentConfigReader.read(configFile);
        Path log = dir.resolve("logs/app.log");
        List<String> lines = AgentTestFiles.lines(0, 10);
        AgentTestFiles.append(log, lines);

        // The batch as the dead agent had it: every line, its key from its place in the file.
        String fileKey = TrackedFile.key(log);
        List<String> keys = new ArrayList<>();
        long offset = 0;
        for (String line : lines) {
            byte[] data = line.getBytes(StandardCharsets.UTF_8);
            offset += data.length;
            keys.add(PartitionKeys.of(
                    PartitionKeyOption.RANDOM,
                    new FilePosition(log.toString(), fileKey, offset, Fingerprint.EMPTY),
                    data));
        }
        // Its first six records reached the stream; then the agent died, the checkpoint naming the batch in flight.
        List<PutRecordsRequestEntry> landed = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            landed.add(PutRecordsRequestEntry.builder()
                    .partitionKey(keys.get(i))
                    .data(SdkBytes.fromUtf8String(lines.get(i)))
                    .build());
        }
        assertThat(gateway.client()
                        .putRecords(b -> b.streamName(stream).records(landed))
                        .failedRecordCount())
                .isZero();
        CheckpointStore.open(config.checkpointFile())
                .save(config.flows().get(0).id(), null, new InFlight(System.currentTimeMillis(), keys));

        try (Agent agent = Agent.start(config)) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> gateway.readAll(stream).size() >= 10);
            // Anything sent twice would follow within a batch age.
            Thread.sleep(2_000);
        }
        assertThat(gateway.readAll(stream)).containsExactlyElementsOf(lines);
    }
}

package io.millrace.agent;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** agent.json files and log lines for the agent's integration tests. */
final class AgentTestFiles {

    private AgentTestFiles() {}

    static Path agentJson(Path dir, URI endpoint, String stream) throws IOException {
        return agentJson(dir, endpoint, stream, 50);
    }

    static Path agentJson(Path dir, URI endpoint, String stream, int batchRecords) throws IOException {
        return agentJson(dir, endpoint, stream, batchRecords, "\"cloudwatch.emitMetrics\": false,");
    }

    /** @param topKeys more top-level keys of agent.json, each followed by a comma */
    static Path agentJson(Path dir, URI endpoint, String stream, int batchRecords, String topKeys) throws IOException {
        Path config = dir.resolve("agent.json");
        Files.writeString(config, """
                {
                  "kinesis.endpoint": "%s",
                  "awsAccessKeyId": "test",
                  "awsSecretAccessKey": "test",
                  "checkpointFile": "%s",
                  %s
                  "log.statusReportingPeriodSeconds": 1,
                  "flows": [
                    {
                      "filePattern": "%s",
                      "kinesisStream": "%s",
                      "initialPosition": "START_OF_FILE",
                      "maxBufferAgeMillis": 1000,
                      "maxBufferSizeRecords": %d
                    }
                  ]
                }
                """.formatted(
                endpoint, dir.resolve("checkpoints"), topKeys, dir.resolve("logs/app.log*"), stream, batchRecords));
        Files.createDirectories(dir.resolve("logs"));
        return config;
    }

    static void append(Path file, List<String> lines) throws IOException {
        Files.writeString(
                file,
                String.join("", lines),
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    static List<String> lines(int from, int to) {
        List<String> lines = new ArrayList<>();
        for (int i = from; i < to; i++) {
            lines.add("line-" + i + "\n");
        }
        return lines;
    }
}

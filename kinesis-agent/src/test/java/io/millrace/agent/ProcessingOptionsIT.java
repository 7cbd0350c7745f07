package io.millrace.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.millrace.agent.config.AgentConfigReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * The agent.json options that shape records, end to end: three flows of one agent, each file appended to, read back
 * from its stream on a real gateway. CSVTOJSON after a skipped header with DETERMINISTIC keys (the MD5 of the data
 * sent, as the agent's KinesisRecord makes them); LOGTOJSON in the common Apache format, a line not of the format
 * skipped; records of several lines by multiLineStartPattern, one cut at maxRecordSizeBytes and ended with the
 * truncatedRecordTerminator.
 */
class ProcessingOptionsIT {

    @TempDir
    Path dir;

    @Test
    void csvLogAndMultiLineFlowsSendTheRecordsTheAgentWould() throws Exception {
        AgentGateway gateway = AgentGateway.shared();
        String csv = gateway.newStream("agent-csv");
        String access = gateway.newStream("agent-access");
        String multi = gateway.newStream("agent-multi");
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path config = Files.writeString(dir.resolve("agent.json"), """
                {
                  "kinesis.endpoint": "%s",
                  "awsAccessKeyId": "test",
                  "awsSecretAccessKey": "test",
                  "checkpointFile": "%s",
                  "flows": [
                    {"filePattern": "%s/orders.csv*", "kinesisStream": "%s", "initialPosition": "START_OF_FILE",
                     "maxBufferAgeMillis": 1000, "skipHeaderLines": 1, "partitionKeyOption": "DETERMINISTIC",
                     "dataProcessingOptions": [{"optionName": "CSVTOJSON",
                                                "customFieldNames": ["id", "item", "qty"]}]},
                    {"filePattern": "%s/access.log*", "kinesisStream": "%s", "initialPosition": "START_OF_FILE",
                     "maxBufferAgeMillis": 1000,
                     "dataProcessingOptions": [{"optionName": "LOGTOJSON", "logFormat": "COMMONAPACHELOG"}]},
                    {"filePattern": "%s/app.log*", "kinesisStream": "%s", "initialPosition": "START_OF_FILE",
                     "maxBufferAgeMillis": 1000, "multiLineStartPattern": "^\\\\[", "maxRecordSizeBytes": 32,
                     "truncatedRecordTerminator": "~"}
                  ]
                }
                """.formatted(
                        gateway.endpoint(), dir.resolve("checkpoints"), logs, csv, logs, access, logs, multi));
        AgentTestFiles.append(logs.resolve("orders.csv"), List.of("id,item,qty\n", "1,apple,3\n", "2,pear,10\n"));
        AgentTestFiles.append(
                logs.resolve("access.log"),
                List.of(
                        "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /a.gif HTTP/1.0\" 200 2326\n",
                        "not an access log line\n",
                        "10.0.0.2 - - [10/Oct/2000:13:55:37 -0700] \"POST /b HTTP/1.1\" 404 -\n"));
        AgentTestFiles.append(
                logs.resolve("app.log"),
                List.of("[1] start\n", "  at a.b(C.java:1)\n", "[2] a record longer than the limit\n", "[3] end\n"));

        try (Agent agent = Agent.start(AgentConfigReader.read(config))) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> gateway.readAll(csv).size() >= 2);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> gateway.readAll(access).size() >= 2);
            // [3] is sent once the next record starts: until then more lines of it may come.
            AgentTestFiles.append(logs.resolve("app.log"), List.of("[4]\n"));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> gateway.readAll(multi).size() >= 3);
        }

        List<Record> orders = gateway.readRecords(csv);
        assertThat(orders)
                .extracting(r -> r.data().asUtf8String())
                .containsExactly(
                        "{\"id\":\"1\",\"item\":\"apple\",\"qty\":\"3\"}\n",
                        "{\"id\":\"2\",\"item\":\"pear\",\"qty\":\"10\"}\n");
        for (Record order : orders) {
            assertThat(order.partitionKey()).isEqualTo(md5Hex(order.data().asByteArray()));
        }
        assertThat(gateway.readAll(access))
                .containsExactly(
                        "{\"host\":\"127.0.0.1\",\"ident\":null,\"authuser\":\"frank\","
                                + "\"datetime\":\"10/Oct/2000:13:55:36 -0700\",\"request\":\"GET /a.gif HTTP/1.0\","
                                + "\"response\":\"200\",\"bytes\":\"2326\"}\n",
                        "{\"host\":\"10.0.0.2\",\"ident\":null,\"authuser\":null,"
                                + "\"datetime\":\"10/Oct/2000:13:55:37 -0700\",\"request\":\"POST /b HTTP/1.1\","
                                + "\"response\":\"404\",\"bytes\":null}\n");
        // 32 bytes at most: the first record (30) whole, the second cut to its first 31 bytes and the terminator.
        assertThat(gateway.readAll(multi))
                .containsExactly("[1] start\n  at a.b(C.java:1)\n", "[2] a record longer than the li~", "[3] end\n");
    }

    private static String md5Hex(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    }
}

package io.millrace.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.launcher.net.Ports;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * {@code ./millrace up} end to end: the packaged jar started by the script, driven by the real AWS CLI v2 and the AWS
 * SDK for Java v2, stopped by SIGTERM and by {@code kill -9}.
 */
class MillraceUpIT {

    @TempDir
    Path work;

    @BeforeAll
    static void awsCliV2IsInstalled() {
        assertThat(AwsCli.BINARY).as("AWS CLI v2: apt-get install -y awscli").isExecutable();
    }

    @Test
    void awsCliCreatesAStreamPutsAndReadsRecordsAndSeesValidationErrors() throws Exception {
        int port = Ports.pickFree();
        try (MillraceProcess millrace = MillraceProcess.up(work.resolve("millrace.err"), options(port))) {
            MillraceProcess.Ready ready = millrace.awaitReady();
            report("first start", ready);
            assertThat(ready.line()).contains("kinesis http://127.0.0.1:" + port)
                    .contains("data " + work.resolve("data"));
            AwsCli aws = new AwsCli("http://127.0.0.1:" + port, work);

            assertSucceeded(aws.kinesis("create-stream", "--stream-name", "cli-demo", "--shard-count", "2"));
            assertSucceeded(aws.kinesis("wait", "stream-exists", "--stream-name", "cli-demo"));

            List<String> sequenceNumbers = new ArrayList<>();
            String shardId = null;
            for (int i = 1; i <= 3; i++) {
                JsonNode put = assertSucceeded(aws.kinesis("put-record", "--stream-name", "cli-demo",
                        "--partition-key", "sensor-1", "--data", "reading-" + i,
                        "--cli-binary-format", "raw-in-base64-out")).json();
                sequenceNumbers.add(put.get("SequenceNumber").asText());
                // One partition key, one shard: the three records must land together.
                assertThat(shardId == null || shardId.equals(put.get("ShardId").asText())).isTrue();
                shardId = put.get("ShardId").asText();
            }

            String iterator = assertSucceeded(aws.kinesis("get-shard-iterator", "--stream-name", "cli-demo",
                    "--shard-id", shardId, "--shard-iterator-type", "TRIM_HORIZON")).json()
                    .get("ShardIterator").asText();
            JsonNode records = assertSucceeded(aws.kinesis("get-records", "--shard-iterator", iterator)).json()
                    .get("Records");
            List<String> data = new ArrayList<>();
            List<String> readSequenceNumbers = new ArrayList<>();
            records.forEach(record -> {
                data.add(new String(Base64.getDecoder().decode(record.get("Data").asText()), StandardCharsets.UTF_8));
                readSequenceNumbers.add(record.get("SequenceNumber").asText());
                assertThat(record.get("PartitionKey").asText()).isEqualTo("sensor-1");
            });
            assertThat(data).containsExactly("reading-1", "reading-2", "reading-3");
            assertThat(readSequenceNumbers).isEqualTo(sequenceNumbers);

            AwsCli.Result invalid = aws.kinesis("describe-stream", "--stream-name", "not a stream name");
            assertThat(invalid.exitCode()).isNotZero();
            assertThat(invalid.stderr()).contains("ValidationException").contains("streamName");

            assertThat(millrace.terminate()).as("exit code after SIGTERM").isEqualTo(143);
            assertThat(millrace.stderrText()).contains("Millrace stopped").doesNotContain("Exception");
            assertThat(millrace.stdoutLines()).singleElement().asString().contains("ready");
        }
    }

    @Test
    void everyAcknowledgedRecordSurvivesKillDashNineAndARestart() throws Exception {
        int port = Ports.pickFree();
        Map<String, String> acknowledged = new LinkedHashMap<>();
        // Shard limits off: the read-back below polls faster than AWS's 5 GetRecords calls per shard and second.
        try (MillraceProcess millrace = MillraceProcess.up(work.resolve("first.err"),
                options(port, "--shard-limits", "off"))) {
            report("first start", millrace.awaitReady());
            try (KinesisClient kinesis = client(port)) {
                kinesis.createStream(b -> b.streamName("durable").shardCount(2));
                kinesis.waiter().waitUntilStreamExists(b -> b.streamName("durable"));
                for (int batch = 0; batch < 4; batch++) {
                    List<PutRecordsRequestEntry> entries = new ArrayList<>();
                    for (int i = 0; i < 50; i++) {
                        int n = batch * 50 + i;
                        entries.add(PutRecordsRequestEntry.builder().partitionKey("key-" + n)
                                .data(SdkBytes.fromUtf8String("record-" + n)).build());
                    }
                    PutRecordsResponse response = kinesis.putRecords(b -> b.streamName("durable").records(entries));
                    for (int i = 0; i < entries.size(); i++) {
                        PutRecordsResultEntry result = response.records().get(i);
                        if (result.errorCode() == null) {
                            acknowledged.put(result.sequenceNumber(), entries.get(i).data().asUtf8String());
                        }
                    }
                }
            }
            millrace.kill9();
        }
        assertThat(acknowledged).hasSizeGreaterThan(150);

        try (MillraceProcess restarted = MillraceProcess.up(work.resolve("second.err"),
                options(port, "--shard-limits", "off"))) {
            report("restart after kill -9", restarted.awaitReady());
            Map<String, String> read = new LinkedHashMap<>();
            try (KinesisClient kinesis = client(port)) {
                for (Shard shard : kinesis.listShards(b -> b.streamName("durable")).shards()) {
                    readShard(kinesis, shard.shardId(), read);
                }
            }
            assertThat(read).containsAllEntriesOf(acknowledged);
            assertThat(read).hasSameSizeAs(acknowledged);
            assertThat(restarted.terminate()).isEqualTo(143);
        }
    }

    /** Free ports and a data dir; shard limits stay on AWS's defaults unless {@code extra} says otherwise. */
    private String[] options(int port, String... extra) {
        int kafkaPort = Ports.pickFree();
        int controllerPort = Ports.pickFree();
        Set<Integer> distinct = new HashSet<>(List.of(port, kafkaPort, controllerPort));
        assertThat(distinct).hasSize(3);
        List<String> options = new ArrayList<>(List.of("--data-dir", work.resolve("data").toString(),
                "--port", String.valueOf(port), "--kafka-port", String.valueOf(kafkaPort),
                "--controller-port", String.valueOf(controllerPort)));
        options.addAll(List.of(extra));
        return options.toArray(String[]::new);
    }

    private static void readShard(KinesisClient kinesis, String shardId, Map<String, String> into) {
        String iterator = kinesis.getShardIterator(b -> b.streamName("durable").shardId(shardId)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        while (iterator != null) {
            String current = iterator;
            GetRecordsResponse page = kinesis.getRecords(b -> b.shardIterator(current).limit(1000));
            for (Record record : page.records()) {
                assertThat(into.put(record.sequenceNumber(), record.data().asUtf8String()))
                        .as("sequence number %s read twice", record.sequenceNumber()).isNull();
            }
            if (page.records().isEmpty() && page.millisBehindLatest() == 0) {
                return;
            }
            iterator = page.nextShardIterator();
        }
    }

    private static KinesisClient client(int port) {
        return KinesisClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    private static AwsCli.Result assertSucceeded(AwsCli.Result result) {
        assertThat(result.exitCode()).as("aws exit code; stderr: %s", result.stderr()).isZero();
        return result;
    }

    private static void report(String what, MillraceProcess.Ready ready) {
        System.out.printf("millrace up, %s: ready %d ms after spawn (%s)%n", what, ready.afterSpawn().toMillis(),
                ready.line());
    }
}

package io.millrace.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.millrace.agent.config.AgentConfigReader;
import io.millrace.firehose.api.FirehoseConfig;
import io.millrace.firehose.api.FirehoseService;
import io.millrace.firehose.it.TestStack;
import io.millrace.gateway.Gateway;
import io.millrace.gateway.config.S3Settings;
import io.millrace.kinesis.config.KinesisConfig;
import io.millrace.testkit.LocalClients;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamStatus;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamType;

/**
 * A deliveryStream flow: the agent's PutRecordBatch calls on the real Firehose API, whose connector delivers to S3
 * (S3Proxy on firehose-sink's test stack). Every line arrives once; objects are read back whole.
 */
class FirehoseAgentIT {

    @TempDir
    Path dir;

    @Test
    void shipsEveryLineToS3Once() throws Exception {
        TestStack stack = TestStack.get();
        KinesisConfig gatewayConfig = new KinesisConfig(
                Map.of(KinesisConfig.BOOTSTRAP_SERVERS, stack.bootstrapServers(), KinesisConfig.PORT, "0"));
        FirehoseService firehose = FirehoseService.start(
                new FirehoseConfig(Map.of(
                        FirehoseConfig.CONNECT_URL,
                        stack.connectUrl(),
                        S3Settings.ENDPOINT,
                        stack.s3Endpoint().toString(),
                        S3Settings.ACCESS_KEY_ID,
                        TestStack.ACCESS_KEY,
                        S3Settings.SECRET_ACCESS_KEY,
                        TestStack.SECRET_KEY,
                        S3Settings.PATH_STYLE_ACCESS,
                        "true")),
                gatewayConfig.kafkaClientProperties());
        Gateway gateway = Gateway.start(gatewayConfig, List.of(firehose));
        URI endpoint = URI.create("http://127.0.0.1:" + gateway.port());
        String bucket = TestStack.unique("agent-firehose");
        String name = TestStack.unique("agent-delivery");
        stack.createBucket(bucket);
        try (FirehoseClient client = LocalClients.pointedAt(FirehoseClient.builder(), endpoint, Duration.ofSeconds(60))
                .build()) {
            client.createDeliveryStream(b -> b.deliveryStreamName(name)
                    .deliveryStreamType(DeliveryStreamType.DIRECT_PUT)
                    .extendedS3DestinationConfiguration(d -> d.bucketARN("arn:aws:s3:::" + bucket)
                            .roleARN("arn:aws:iam::000000000000:role/agent")
                            .prefix("logs/")
                            .bufferingHints(h -> h.sizeInMBs(1).intervalInSeconds(1))));
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> client.describeDeliveryStream(b -> b.deliveryStreamName(name))
                                    .deliveryStreamDescription()
                                    .deliveryStreamStatus()
                            == DeliveryStreamStatus.ACTIVE);

            Path config = dir.resolve("agent.json");
            Files.createDirectories(dir.resolve("logs"));
            Files.writeString(
                    config, """
                    {
                      "firehose.endpoint": "%s",
                      "awsAccessKeyId": "test",
                      "awsSecretAccessKey": "test",
                      "checkpointFile": "%s",
                      "cloudwatch.emitMetrics": false,
                      "flows": [{
                        "filePattern": "%s",
                        "deliveryStream": "%s",
                        "initialPosition": "START_OF_FILE",
                        "maxBufferAgeMillis": 1000,
                        "maxBufferSizeRecords": 40
                      }]
                    }
                    """.formatted(endpoint, dir.resolve("checkpoints"), dir.resolve("logs/app.log"), name));
            Path log = dir.resolve("logs/app.log");
            try (Agent agent = Agent.start(AgentConfigReader.read(config))) {
                for (int i = 0; i < 200; i += 10) {
                    AgentTestFiles.append(log, AgentTestFiles.lines(i, i + 10));
                    Thread.sleep(5);
                }
                await().atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofSeconds(1))
                        .until(() -> delivered(stack, bucket).size() >= 200);
            }
            assertThat(delivered(stack, bucket)).containsExactlyInAnyOrderElementsOf(AgentTestFiles.lines(0, 200));
            client.deleteDeliveryStream(b -> b.deliveryStreamName(name));
        } finally {
            gateway.close();
            firehose.close();
        }
    }

    /** Every line of every object under logs/, each with its newline. */
    private static List<String> delivered(TestStack stack, String bucket) {
        List<String> lines = new ArrayList<>();
        for (String key : stack.keys(bucket, "logs/")) {
            String text = new String(stack.get(bucket, key), StandardCharsets.UTF_8);
            for (String line : text.split("(?<=\n)")) {
                if (!line.isEmpty()) {
                    lines.add(line);
                }
            }
        }
        return lines;
    }
}

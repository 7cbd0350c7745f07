package io.millrace.agent;

import io.millrace.cloudwatch.CloudWatchConfig;
import io.millrace.cloudwatch.CloudWatchService;
import io.millrace.gateway.Gateway;
import io.millrace.kinesis.KinesisService;
import io.millrace.kinesis.config.KinesisConfig;
import io.millrace.testkit.EmbeddedKafka;
import io.millrace.testkit.LocalClients;
import io.millrace.testkit.TestSession;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** A gateway with the Kinesis API on the shared embedded broker, kept for the test JVM, and a client reading it. */
final class AgentGateway {

    private static AgentGateway shared;
    private static AgentGateway withLimits;
    private static AgentGateway withCloudWatch;

    private final URI endpoint;
    private final KinesisClient client;

    private AgentGateway(URI endpoint) {
        this.endpoint = endpoint;
        this.client = LocalClients.pointedAt(KinesisClient.builder(), endpoint, Duration.ofSeconds(30))
                .build();
    }

    static synchronized AgentGateway shared() throws Exception {
        if (shared == null) {
            shared = start("off");
        }
        return shared;
    }

    /** A gateway enforcing AWS's per-shard write limits (1,000 records or 1 MiB a second): PutRecords throttles. */
    static synchronized AgentGateway withShardLimits() throws Exception {
        if (withLimits == null) {
            withLimits = start("aws");
        }
        return withLimits;
    }

    /** A gateway serving the CloudWatch API too, as `./millrace up` does: the agent's metrics go to the same port. */
    static synchronized AgentGateway withCloudWatch() throws Exception {
        if (withCloudWatch == null) {
            withCloudWatch = start("off", true);
        }
        return withCloudWatch;
    }

    private static AgentGateway start(String shardLimits) throws Exception {
        return start(shardLimits, false);
    }

    private static AgentGateway start(String shardLimits, boolean cloudWatch) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> props = new HashMap<>();
        props.put(KinesisConfig.BOOTSTRAP_SERVERS, EmbeddedKafka.shared().bootstrapServers());
        props.put(KinesisConfig.PORT, "0");
        props.put(KinesisConfig.SHARD_LIMITS, shardLimits);
        if (cloudWatch) {
            props.put(CloudWatchConfig.TOPIC, "agent-metrics-" + run);
            props.put(CloudWatchConfig.APPLICATION_ID, "agent-cloudwatch-" + run);
            props.put(
                    CloudWatchConfig.STATE_DIR,
                    Files.createTempDirectory("agent-cloudwatch").toString());
        }
        KinesisConfig config = new KinesisConfig(props);
        KinesisService kinesis = KinesisService.start(config);
        CloudWatchService metrics = cloudWatch
                ? CloudWatchService.start(new CloudWatchConfig(props), config.kafkaClientProperties())
                : null;
        Gateway gateway = Gateway.start(config, metrics == null ? List.of(kinesis) : List.of(kinesis, metrics));
        TestSession.closeAtEnd(() -> {
            gateway.close();
            kinesis.close();
            if (metrics != null) {
                metrics.close();
            }
        });
        return new AgentGateway(URI.create("http://127.0.0.1:" + gateway.port()));
    }

    URI endpoint() {
        return endpoint;
    }

    KinesisClient client() {
        return client;
    }

    /** A new one-shard stream, its name {@code prefix} and a random suffix. */
    String newStream(String prefix) {
        String stream = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        createStream(stream);
        return stream;
    }

    void createStream(String stream) {
        client.createStream(b -> b.streamName(stream).shardCount(1));
        client.waiter().waitUntilStreamExists(b -> b.streamName(stream));
    }

    /** Every record of the stream's single shard, in order, as text. */
    List<String> readAll(String stream) {
        return readRecords(stream).stream()
                .map(r -> r.data().asString(StandardCharsets.UTF_8))
                .toList();
    }

    /** Every record of the stream's single shard, in order. */
    List<Record> readRecords(String stream) {
        String shard =
                client.listShards(b -> b.streamName(stream)).shards().get(0).shardId();
        String iterator = client.getShardIterator(
                        b -> b.streamName(stream).shardId(shard).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        List<Record> records = new ArrayList<>();
        while (iterator != null) {
            String current = iterator;
            GetRecordsResponse response = client.getRecords(b -> b.shardIterator(current));
            records.addAll(response.records());
            if (response.records().isEmpty() && response.millisBehindLatest() == 0) {
                break;
            }
            iterator = response.nextShardIterator();
        }
        return records;
    }
}

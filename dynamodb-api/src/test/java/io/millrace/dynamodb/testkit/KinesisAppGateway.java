package io.millrace.dynamodb.testkit;

import static org.awaitility.Awaitility.await;

import io.millrace.cloudwatch.CloudWatchConfig;
import io.millrace.cloudwatch.CloudWatchService;
import io.millrace.dynamodb.DynamoDbConfig;
import io.millrace.dynamodb.DynamoDbService;
import io.millrace.gateway.Gateway;
import io.millrace.kinesis.KinesisService;
import io.millrace.kinesis.config.KinesisConfig;
import io.millrace.testkit.EmbeddedKafka;
import io.millrace.testkit.TestReadPath;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.ScalingType;

/**
 * What a Kinesis application needs from Millrace alone: one gateway serving the Kinesis, DynamoDB and CloudWatch
 * APIs on the shared embedded broker, and the three SDK v2 async clients a KCL application builds, all pointed at
 * it. Any KCL version's tests use it (only the SDK is on its surface).
 */
public final class KinesisAppGateway implements AutoCloseable {

    private final KinesisService kinesis;
    private final DynamoDbService dynamoDb;
    private final CloudWatchService cloudWatch;
    private final Gateway gateway;
    private final KinesisAsyncClient kinesisClient;
    private final DynamoDbAsyncClient dynamoDbClient;
    private final CloudWatchAsyncClient cloudWatchClient;

    private KinesisAppGateway(
            KinesisService kinesis, DynamoDbService dynamoDb, CloudWatchService cloudWatch, Gateway gateway) {
        this.kinesis = kinesis;
        this.dynamoDb = dynamoDb;
        this.cloudWatch = cloudWatch;
        this.gateway = gateway;
        URI endpoint = URI.create("http://127.0.0.1:" + gateway.port());
        StaticCredentialsProvider credentials =
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        kinesisClient = KinesisAsyncClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .build();
        dynamoDbClient = DynamoDbAsyncClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .build();
        cloudWatchClient = CloudWatchAsyncClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .build();
    }

    /** A gateway whose DynamoDB and CloudWatch topics end in {@code suffix}, so that test classes do not share. */
    public static KinesisAppGateway start(String suffix) throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put(KinesisConfig.BOOTSTRAP_SERVERS, EmbeddedKafka.shared().bootstrapServers());
        props.put(KinesisConfig.PORT, "0");
        props.put(KinesisConfig.SHARD_LIMITS, "off");
        TestReadPath.putIfAbsent(props, KinesisConfig.READ_PATH);
        props.put(DynamoDbConfig.TOPIC, "__millrace_dynamodb_" + suffix);
        props.put(CloudWatchConfig.TOPIC, "__millrace_metrics_" + suffix);
        props.put(CloudWatchConfig.APPLICATION_ID, "millrace-cloudwatch-" + suffix);
        props.put(
                CloudWatchConfig.STATE_DIR,
                Files.createTempDirectory(suffix + "-cloudwatch").toString());
        KinesisConfig config = new KinesisConfig(props);
        KinesisService kinesis = KinesisService.start(config);
        DynamoDbService dynamoDb = DynamoDbService.start(new DynamoDbConfig(props), config.kafkaClientProperties());
        CloudWatchService cloudWatch =
                CloudWatchService.start(new CloudWatchConfig(props), config.kafkaClientProperties());
        Gateway gateway = Gateway.start(config, List.of(kinesis, dynamoDb, cloudWatch));
        return new KinesisAppGateway(kinesis, dynamoDb, cloudWatch, gateway);
    }

    public KinesisAsyncClient kinesis() {
        return kinesisClient;
    }

    public DynamoDbAsyncClient dynamoDb() {
        return dynamoDbClient;
    }

    public CloudWatchAsyncClient cloudWatch() {
        return cloudWatchClient;
    }

    /** Creates the stream and waits until it is ACTIVE, as an application's setup would. */
    public void createStream(String stream, int shards) throws Exception {
        kinesisClient.createStream(r -> r.streamName(stream).shardCount(shards)).get(30, TimeUnit.SECONDS);
        awaitActive(stream);
    }

    /** UpdateShardCount (uniform scaling) while readers run, then waits until the stream is ACTIVE again. */
    public void reshard(String stream, int shards) throws Exception {
        kinesisClient
                .updateShardCount(
                        r -> r.streamName(stream).targetShardCount(shards).scalingType(ScalingType.UNIFORM_SCALING))
                .get(30, TimeUnit.SECONDS);
        awaitActive(stream);
    }

    private void awaitActive(String stream) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> kinesisClient
                        .describeStreamSummary(r -> r.streamName(stream))
                        .get()
                        .streamDescriptionSummary()
                        .streamStatusAsString()
                        .equals("ACTIVE"));
    }

    @Override
    public void close() {
        kinesisClient.close();
        dynamoDbClient.close();
        cloudWatchClient.close();
        gateway.close();
        cloudWatch.close();
        dynamoDb.close();
        kinesis.close();
    }
}

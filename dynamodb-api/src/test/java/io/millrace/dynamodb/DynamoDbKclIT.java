package io.millrace.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.millrace.cloudwatch.CloudWatchConfig;
import io.millrace.cloudwatch.CloudWatchService;
import io.millrace.gateway.Gateway;
import io.millrace.kinesis.KinesisService;
import io.millrace.kinesis.config.KinesisConfig;
import io.millrace.testkit.EmbeddedKafka;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ProcessRecordsInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.metrics.MetricsLevel;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.processor.SingleStreamTracker;
import software.amazon.kinesis.retrieval.polling.PollingConfig;

/**
 * The real KCL 3.x against Millrace alone: the stream on the Kinesis API, the lease, coordinator-state and
 * worker-metrics tables on the DynamoDB API of the same gateway, its metrics on the CloudWatch API of that gateway
 * too (the KCL's default metrics level). Every record of a multi-shard stream is processed exactly once, across a
 * restart of the worker that checkpointed, and the KCL's metrics can be listed back.
 */
class DynamoDbKclIT {

    private static final String STREAM = "kcl-orders";
    private static KinesisService kinesis;
    private static DynamoDbService dynamoDb;
    private static CloudWatchService cloudWatch;
    private static Gateway gateway;
    private static KinesisAsyncClient kinesisClient;
    private static DynamoDbAsyncClient dynamoDbClient;
    private static CloudWatchAsyncClient cloudWatchClient;

    /** How often each record's data was processed, over every worker run. */
    private final Map<String, AtomicInteger> processed = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put(KinesisConfig.BOOTSTRAP_SERVERS, EmbeddedKafka.shared().bootstrapServers());
        props.put(KinesisConfig.PORT, "0");
        props.put(KinesisConfig.SHARD_LIMITS, "off");
        props.put(DynamoDbConfig.TOPIC, "__millrace_dynamodb_kcl_it");
        KinesisConfig config = new KinesisConfig(props);
        kinesis = KinesisService.start(config);
        dynamoDb = DynamoDbService.start(new DynamoDbConfig(props), config.kafkaClientProperties());
        props.put(CloudWatchConfig.TOPIC, "__millrace_metrics_kcl_it");
        props.put(CloudWatchConfig.APPLICATION_ID, "millrace-cloudwatch-kcl-it");
        props.put(
                CloudWatchConfig.STATE_DIR,
                Files.createTempDirectory("kcl-it-cloudwatch").toString());
        cloudWatch = CloudWatchService.start(new CloudWatchConfig(props), config.kafkaClientProperties());
        gateway = Gateway.start(config, List.of(kinesis, dynamoDb, cloudWatch));
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
        kinesisClient.createStream(r -> r.streamName(STREAM).shardCount(3)).get(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> kinesisClient
                        .describeStreamSummary(r -> r.streamName(STREAM))
                        .get()
                        .streamDescriptionSummary()
                        .streamStatusAsString()
                        .equals("ACTIVE"));
    }

    @AfterAll
    static void stop() {
        kinesisClient.close();
        dynamoDbClient.close();
        cloudWatchClient.close();
        gateway.close();
        cloudWatch.close();
        dynamoDb.close();
        kinesis.close();
    }

    @Test
    void everyRecordOfAMultiShardStreamIsProcessedOnceAcrossAWorkerRestart() throws Exception {
        String application = "kcl-it-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> firstBatch = put(0, 300);

        Scheduler worker = scheduler(application);
        Thread thread = new Thread(worker, "kcl-worker-1");
        thread.start();
        await().atMost(Duration.ofMinutes(3)).until(() -> processed.keySet().containsAll(firstBatch));
        worker.startGracefulShutdown().get(60, TimeUnit.SECONDS);
        thread.join(30_000);

        List<String> secondBatch = put(300, 200);
        Scheduler restarted = scheduler(application);
        Thread again = new Thread(restarted, "kcl-worker-2");
        again.start();
        try {
            await().atMost(Duration.ofMinutes(3)).until(() -> processed.keySet().containsAll(secondBatch));
        } finally {
            restarted.startGracefulShutdown().get(60, TimeUnit.SECONDS);
            again.join(30_000);
        }

        assertThat(processed).hasSize(500);
        assertThat(processed.entrySet())
                .allSatisfy(entry -> assertThat(entry.getValue().get())
                        .as("times %s was processed", entry.getKey())
                        .isEqualTo(1));
        Set<String> tables = Set.copyOf(dynamoDbClient.listTables().get().tableNames());
        assertThat(tables).contains(application);
        // The KCL publishes under the application's name: its per-shard and per-worker metrics were taken.
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(cloudWatchClient
                                .listMetrics(r -> r.namespace(application))
                                .get(30, TimeUnit.SECONDS)
                                .metrics())
                        .extracting(Metric::metricName)
                        .contains("RecordsProcessed"));
    }

    private List<String> put(int from, int count) throws Exception {
        List<String> data = new ArrayList<>();
        for (int start = from; start < from + count; start += 100) {
            List<PutRecordsRequestEntry> entries = new ArrayList<>();
            for (int i = start; i < Math.min(start + 100, from + count); i++) {
                String value = "record-" + i;
                data.add(value);
                entries.add(PutRecordsRequestEntry.builder()
                        .partitionKey("key-" + i)
                        .data(SdkBytes.fromString(value, StandardCharsets.UTF_8))
                        .build());
            }
            assertThat(kinesisClient
                            .putRecords(r -> r.streamName(STREAM).records(entries))
                            .get(30, TimeUnit.SECONDS)
                            .failedRecordCount())
                    .isZero();
        }
        return data;
    }

    private Scheduler scheduler(String application) {
        ConfigsBuilder configs = new ConfigsBuilder(
                new SingleStreamTracker(
                        STREAM,
                        InitialPositionInStreamExtended.newInitialPosition(InitialPositionInStream.TRIM_HORIZON)),
                application,
                kinesisClient,
                dynamoDbClient,
                cloudWatchClient,
                "worker-" + UUID.randomUUID(),
                () -> new CountingProcessor(processed));
        return new Scheduler(
                configs.checkpointConfig(),
                configs.coordinatorConfig(),
                configs.leaseManagementConfig(),
                configs.lifecycleConfig(),
                configs.metricsConfig().metricsLevel(MetricsLevel.DETAILED),
                configs.processorConfig(),
                configs.retrievalConfig().retrievalSpecificConfig(new PollingConfig(STREAM, kinesisClient)));
    }

    /** Counts each record's data and checkpoints after every batch, as an application that wants no replays. */
    private static final class CountingProcessor implements ShardRecordProcessor {

        private final Map<String, AtomicInteger> processed;

        CountingProcessor(Map<String, AtomicInteger> processed) {
            this.processed = processed;
        }

        private static void checkpoint(RecordProcessorCheckpointer checkpointer) {
            try {
                checkpointer.checkpoint();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void initialize(InitializationInput input) {}

        @Override
        public void processRecords(ProcessRecordsInput input) {
            input.records()
                    .forEach(record -> processed
                            .computeIfAbsent(
                                    StandardCharsets.UTF_8.decode(record.data()).toString(), k -> new AtomicInteger())
                            .incrementAndGet());
            checkpoint(input.checkpointer());
        }

        @Override
        public void leaseLost(LeaseLostInput input) {}

        @Override
        public void shardEnded(ShardEndedInput input) {
            checkpoint(input.checkpointer());
        }

        @Override
        public void shutdownRequested(ShutdownRequestedInput input) {
            checkpoint(input.checkpointer());
        }
    }
}

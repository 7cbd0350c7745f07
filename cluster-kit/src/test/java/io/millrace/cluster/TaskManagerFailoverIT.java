package io.millrace.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesisanalyticsv2.KinesisAnalyticsV2Client;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.ApplicationStatus;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.CodeContentType;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.ConfigurationType;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.RuntimeEnvironment;

/**
 * The Flink TaskManager killed (SIGKILL) under a running Kinesis Analytics application (Flink SQL copying one
 * stream to another, exactly once): a new TaskManager is started, as an operator's supervisor would, and the job
 * resumes from its last checkpoint with every input record in the output once. Runs with -Pcluster.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(PrintLogsOnFailure.class)
class TaskManagerFailoverIT {

    private static final Logger LOG = LoggerFactory.getLogger(TaskManagerFailoverIT.class);
    private static final String ROLE = "arn:aws:iam::000000000000:role/analytics";
    private static final String COPY_SQL = """
      CREATE TABLE src (id STRING) WITH ('connector' = 'millrace', 'stream' = '${streams.input}',
        'format' = 'raw');
      CREATE TABLE dst (v STRING, partition_key STRING METADATA) WITH ('connector' = 'millrace',
        'stream' = '${streams.output}', 'format' = 'raw', 'sink.delivery-guarantee' = 'exactly-once',
        'sink.transactional-id-prefix' = '${streams.output}');
      INSERT INTO dst SELECT CONCAT('seen-', id), id FROM src;
      """;
    private static final Pattern JOB = Pattern.compile("\"id\":\"([0-9a-f]{32})\",\"status\":\"([A-Z]+)\"");
    private static final Pattern COMPLETED = Pattern.compile("\"counts\":\\{[^}]*\"completed\":(\\d+)");
    private static final Pattern RESTORED = Pattern.compile("\"restored\":\\{[^}]*\"id\":(\\d+)");

    MillraceCluster cluster;

    @BeforeAll
    void startCluster() throws Exception {
        cluster = ClusterFixture.start("taskmanager-failover", new ClusterLayout(3, 1, 1, 1));
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void anApplicationResumesFromItsLastCheckpointOnANewTaskManager() throws Exception {
        String gateway = cluster.gatewayUrl(cluster.gateways().get(0));
        String input = "app-in";
        String output = "app-out";
        String name = "copy";
        Set<String> written = ConcurrentHashMap.newKeySet();
        List<String> failures = new CopyOnWriteArrayList<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        try (KinesisClient kinesis = StreamTraffic.client(gateway);
                KinesisAnalyticsV2Client analytics = analytics(gateway)) {
            for (String stream : List.of(input, output)) {
                kinesis.createStream(b -> b.streamName(stream).shardCount(2));
                kinesis.waiter().waitUntilStreamExists(b -> b.streamName(stream));
            }
            analytics.createApplication(b -> b.applicationName(name)
                    .runtimeEnvironment(RuntimeEnvironment.SQL_1_0)
                    .serviceExecutionRole(ROLE)
                    .applicationConfiguration(c -> c.applicationCodeConfiguration(
                                    code -> code.codeContentType(CodeContentType.PLAINTEXT)
                                            .codeContent(content -> content.textContent(COPY_SQL)))
                            .environmentProperties(p -> p.propertyGroups(g ->
                                    g.propertyGroupId("streams").propertyMap(Map.of("input", input, "output", output))))
                            .applicationSnapshotConfiguration(s -> s.snapshotsEnabled(true))
                            .flinkApplicationConfiguration(
                                    f -> f.checkpointConfiguration(cp -> cp.configurationType(ConfigurationType.CUSTOM)
                                            .checkpointingEnabled(true)
                                            .checkpointInterval(1000L)
                                            .minPauseBetweenCheckpoints(200L)))));
            analytics.startApplication(b -> b.applicationName(name));
            Await.until(
                    Duration.ofSeconds(180),
                    "application RUNNING",
                    () -> analytics
                                    .describeApplication(b -> b.applicationName(name))
                                    .applicationDetail()
                                    .applicationStatus()
                            == ApplicationStatus.RUNNING);

            Thread writer = new Thread(
                    () -> {
                        for (int n = 0; writing.get(); n++) {
                            String id = Integer.toString(n);
                            try {
                                kinesis.putRecord(b ->
                                        b.streamName(input).partitionKey(id).data(SdkBytes.fromUtf8String(id)));
                                written.add("seen-" + id);
                            } catch (RuntimeException e) {
                                failures.add(Retriable.describe(e));
                            }
                            pause(20);
                        }
                    },
                    "input-writer");
            writer.setDaemon(true);
            writer.start();

            String job = awaitJob("RUNNING");
            Await.until(
                    Duration.ofSeconds(120),
                    "a completed checkpoint and output",
                    () -> completedCheckpoints(job) > 0 && committed(output).size() > 50);
            Node taskManager = cluster.taskManagers().get(0);
            int beforeKill = committed(output).size();
            long killedAt = System.nanoTime();
            taskManager.kill9();
            LOG.info("Killed {} under job {} ({} records in the output)", taskManager, job, beforeKill);
            // The supervisor's part: a new TaskManager process on the host. (Its readiness check, the JobManager
            // listing its address, holds at once: the JobManager lists the dead one until its heartbeat times out.)
            taskManager.restart(Duration.ofSeconds(180));
            Await.until(
                    Duration.ofSeconds(180), "the job restored from a checkpoint", () -> restoredCheckpoint(job) >= 0);
            long restoredAt = System.nanoTime();
            Await.until(
                    Duration.ofSeconds(180),
                    "output growing again",
                    () -> committed(output).size() > beforeKill + 50);
            long resumedAt = System.nanoTime();
            writing.set(false);
            writer.join(30_000);

            Await.until(
                    Duration.ofSeconds(180),
                    "every input record in the output",
                    () -> Set.copyOf(committed(output)).containsAll(written));
            // Two more checkpoints: a duplicate committed by them would show up now.
            int checkpointsSoFar = completedCheckpoints(job);
            Await.until(
                    Duration.ofSeconds(60),
                    "two more checkpoints",
                    () -> completedCheckpoints(job) >= checkpointsSoFar + 2);
            List<String> out = committed(output);
            Map<String, Integer> copies = new HashMap<>();
            out.forEach(v -> copies.merge(v, 1, Integer::sum));
            LOG.info(
                    "TaskManager killed under application {}: job restored from checkpoint {} on a new TaskManager"
                            + " {} ms after the kill, output growing again {} ms after it; {} records written, {} in"
                            + " the output, {} put failures {}",
                    name,
                    restoredCheckpoint(job),
                    Duration.ofNanos(restoredAt - killedAt).toMillis(),
                    Duration.ofNanos(resumedAt - killedAt).toMillis(),
                    written.size(),
                    out.size(),
                    failures.size(),
                    failures.stream().distinct().limit(5).toList());
            assertThat(copies.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey))
                    .as("records in the output twice")
                    .isEmpty();
            assertThat(copies.keySet()).as("every input record in the output").containsAll(written);
            assertThat(analytics
                            .describeApplication(b -> b.applicationName(name))
                            .applicationDetail()
                            .applicationStatus())
                    .isEqualTo(ApplicationStatus.RUNNING);
        } finally {
            writing.set(false);
        }
    }

    /** The id of the cluster's one job once it has {@code status}. */
    private String awaitJob(String status) throws InterruptedException {
        String[] found = new String[1];
        Await.until(Duration.ofSeconds(120), "a job " + status, () -> {
            String body = Ready.body(cluster.flinkRestUrl() + "/jobs");
            Matcher job = JOB.matcher(body == null ? "" : body);
            while (job.find()) {
                if (job.group(2).equals(status)) {
                    found[0] = job.group(1);
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    private int completedCheckpoints(String job) {
        Matcher matcher = COMPLETED.matcher(checkpoints(job));
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
    }

    /** The id of the checkpoint the job last restored from, or -1. */
    private long restoredCheckpoint(String job) {
        Matcher matcher = RESTORED.matcher(checkpoints(job));
        return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
    }

    private String checkpoints(String job) {
        String body = Ready.body(cluster.flinkRestUrl() + "/jobs/" + job + "/checkpoints");
        return body == null ? "" : body.replace(" ", "");
    }

    /** The records of the output stream's topic that Flink's transactions committed, read straight from Kafka. */
    private List<String> committed(String stream) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(stream, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(stream, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(new String(record.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }

    static KinesisAnalyticsV2Client analytics(String url) {
        return KinesisAnalyticsV2Client.builder()
                .endpointOverride(URI.create(url))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDCLUSTER", "s")))
                .httpClient(UrlConnectionHttpClient.builder()
                        .socketTimeout(Duration.ofSeconds(60))
                        .build())
                .build();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

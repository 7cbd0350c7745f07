package io.millrace.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamStatus;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.Record;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A Kafka Connect worker killed (SIGKILL) while it delivers a Firehose delivery stream: the other worker of the
 * group takes the task over, and the bucket ends up with every acknowledged record exactly once. Records are put
 * through both gateways in turn with the SDK's retries off. Runs with -Pcluster.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(PrintLogsOnFailure.class)
class FirehoseWorkerFailoverIT {

    private static final Logger LOG = LoggerFactory.getLogger(FirehoseWorkerFailoverIT.class);
    private static final String ROLE = "arn:aws:iam::000000000000:role/firehose";
    private static final Pattern TASK =
            Pattern.compile("\\{\"id\":(\\d+),\"state\":\"([A-Z]+)\",\"worker_id\":\"([^\":]+):\\d+\"");
    private static final int BATCH = 10;

    MillraceCluster cluster;

    @BeforeAll
    void startCluster() throws Exception {
        cluster = ClusterFixture.start("firehose-failover", new ClusterLayout(3, 2, 2, 0));
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aWorkerKilledMidDeliveryLosesAndDoublesNoRecord() throws Exception {
        String stream = "clicks";
        String bucket = "clicks-bucket";
        List<FirehoseClient> gateways = cluster.gateways().stream()
                .map(node -> firehose(cluster.gatewayUrl(node)))
                .toList();
        try (S3Client s3 = s3(cluster.s3Url())) {
            s3.createBucket(b -> b.bucket(bucket));
            gateways.get(0)
                    .createDeliveryStream(b -> b.deliveryStreamName(stream)
                            .deliveryStreamType("DirectPut")
                            .extendedS3DestinationConfiguration(d -> d.roleARN(ROLE)
                                    .bucketARN("arn:aws:s3:::" + bucket)
                                    .bufferingHints(h -> h.sizeInMBs(1).intervalInSeconds(1))));
            Await.until(
                    Duration.ofSeconds(120),
                    "delivery stream ACTIVE",
                    () -> gateways.get(0)
                                    .describeDeliveryStream(b -> b.deliveryStreamName(stream))
                                    .deliveryStreamDescription()
                                    .deliveryStreamStatus()
                            == DeliveryStreamStatus.ACTIVE);
            String connector = "firehose-" + stream;
            Await.until(
                    Duration.ofSeconds(120),
                    "the connector's task RUNNING",
                    () -> runningOn(connector).isPresent());
            Node busy = workerAt(runningOn(connector).orElseThrow());
            Node survivor = cluster.connectWorkers().stream()
                    .filter(n -> n != busy)
                    .findFirst()
                    .orElseThrow();

            Writer writer = new Writer(stream, gateways);
            writer.start();
            Bucket delivered = new Bucket(s3, bucket);
            Await.until(
                    Duration.ofSeconds(120),
                    "records acknowledged and delivered",
                    () -> writer.acked.size() > 300 && !delivered.lines().isEmpty());

            Set<Integer> ackedBeforeKill = Set.copyOf(writer.acked);
            long killedAt = System.nanoTime();
            busy.kill9();
            LOG.info("Killed {}, which ran the task of {}", busy, connector);
            Await.until(
                    Duration.ofSeconds(120),
                    "the task RUNNING on " + survivor,
                    () -> runningOn(connector, survivor)
                            .filter(survivor.address()::equals)
                            .isPresent());
            long movedAt = System.nanoTime();
            Await.until(
                    Duration.ofSeconds(120),
                    "records acknowledged before the kill delivered",
                    () -> delivered.numbers().containsAll(ackedBeforeKill));
            long caughtUpAt = System.nanoTime();
            int afterMove = writer.acked.size();
            Await.until(
                    Duration.ofSeconds(90), "200 more acknowledgements", () -> writer.acked.size() > afterMove + 200);
            writer.stop();

            Await.until(
                    Duration.ofSeconds(120),
                    "every acknowledged record delivered",
                    () -> delivered.numbers().containsAll(writer.acked));
            List<Integer> lines = delivered.lines();
            Map<Integer, Integer> copies = new HashMap<>();
            lines.forEach(n -> copies.merge(n, 1, Integer::sum));
            LOG.info(
                    "Connect worker {} killed mid-delivery: task RUNNING on {} {} ms after the kill; records"
                            + " acknowledged before the kill all in S3 {} ms after it; {} acknowledged, {} lines"
                            + " in {} objects, {} failed puts {}",
                    busy.name(),
                    survivor.name(),
                    Duration.ofNanos(movedAt - killedAt).toMillis(),
                    Duration.ofNanos(caughtUpAt - killedAt).toMillis(),
                    writer.acked.size(),
                    lines.size(),
                    delivered.objectCount(),
                    writer.failures.size(),
                    writer.failures.stream().distinct().limit(5).toList());
            assertThat(copies.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey))
                    .as("records delivered twice")
                    .isEmpty();
            assertThat(copies.keySet())
                    .as("every acknowledged record delivered")
                    .containsAll(writer.acked);
            assertThat(writer.failures)
                    .as("errors clients saw")
                    .allSatisfy(f -> assertThat(f).startsWith("retriable"));
        } finally {
            gateways.forEach(FirehoseClient::close);
        }
    }

    /** The host address of the worker running task 0 of {@code connector}, asked of any live worker. */
    private Optional<String> runningOn(String connector) {
        for (Node worker : cluster.connectWorkers()) {
            if (worker.process().isAlive()) {
                Optional<String> found = runningOn(connector, worker);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> runningOn(String connector, Node asked) {
        String body = Ready.body(
                "http://" + asked.address() + ":" + RoleConfigs.CONNECT_PORT + "/connectors/" + connector + "/status");
        if (body == null) {
            return Optional.empty();
        }
        Matcher task = TASK.matcher(body.replace(" ", ""));
        while (task.find()) {
            if (task.group(1).equals("0") && task.group(2).equals("RUNNING")) {
                return Optional.of(task.group(3));
            }
        }
        return Optional.empty();
    }

    private Node workerAt(String address) {
        return cluster.connectWorkers().stream()
                .filter(n -> n.address().equals(address))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no worker at " + address));
    }

    static FirehoseClient firehose(String url) {
        return FirehoseClient.builder()
                .endpointOverride(URI.create(url))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDCLUSTER", "s")))
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(10))
                        .build())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    static S3Client s3(String url) {
        return S3Client.builder()
                .endpointOverride(URI.create(url))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(RoleConfigs.S3_IDENTITY, RoleConfigs.S3_CREDENTIAL)))
                .httpClient(UrlConnectionHttpClient.builder().build())
                .build();
    }

    /**
     * Puts batches of numbered lines through the gateways in turn; a record is acknowledged when its entry of the
     * answer has no error code. Failures are kept as "retriable ..." or "fatal ...".
     */
    private static final class Writer {
        final Set<Integer> acked = ConcurrentHashMap.newKeySet();
        final List<String> failures = new CopyOnWriteArrayList<>();
        private final String stream;
        private final List<FirehoseClient> gateways;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Writer(String stream, List<FirehoseClient> gateways) {
            this.stream = stream;
            this.gateways = gateways;
            this.thread = new Thread(this::write, "firehose-writer");
            this.thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(30_000);
        }

        private void write() {
            for (int batch = 0; running.get(); batch++) {
                int first = batch * BATCH;
                List<Record> records = IntStream.range(first, first + BATCH)
                        .mapToObj(n -> Record.builder()
                                .data(SdkBytes.fromUtf8String(n + "\n"))
                                .build())
                        .toList();
                try {
                    PutRecordBatchResponse response = gateways.get(batch % gateways.size())
                            .putRecordBatch(b -> b.deliveryStreamName(stream).records(records));
                    for (int i = 0; i < BATCH; i++) {
                        String error = response.requestResponses().get(i).errorCode();
                        if (error == null) {
                            acked.add(first + i);
                        } else {
                            failures.add("retriable entry " + error);
                        }
                    }
                } catch (RuntimeException e) {
                    failures.add((Retriable.is(e) ? "retriable " : "fatal ") + Retriable.describe(e));
                    pause(100);
                }
                pause(20);
            }
        }

        private static void pause(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The lines of every object of a bucket; objects are immutable, so each is read once. */
    private static final class Bucket {
        private final S3Client s3;
        private final String name;
        private final Map<String, List<Integer>> objects = new ConcurrentHashMap<>();

        Bucket(S3Client s3, String name) {
            this.s3 = s3;
            this.name = name;
        }

        synchronized List<Integer> lines() {
            for (S3Object object :
                    s3.listObjectsV2Paginator(b -> b.bucket(name)).contents()) {
                objects.computeIfAbsent(object.key(), this::read);
            }
            List<Integer> all = new ArrayList<>();
            objects.values().forEach(all::addAll);
            return all;
        }

        Set<Integer> numbers() {
            return Set.copyOf(lines());
        }

        int objectCount() {
            return objects.size();
        }

        private List<Integer> read(String key) {
            String text = s3.getObjectAsBytes(b -> b.bucket(name).key(key)).asString(StandardCharsets.UTF_8);
            List<Integer> numbers = new ArrayList<>();
            for (String line : text.split("\n")) {
                if (!line.isEmpty()) {
                    numbers.add(Integer.parseInt(line));
                }
            }
            return numbers;
        }
    }
}

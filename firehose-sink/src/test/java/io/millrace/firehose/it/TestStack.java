package io.millrace.firehose.it;

import static org.awaitility.Awaitility.await;

import io.millrace.firehose.config.DeliveryKeys;
import io.millrace.firehose.config.DestinationKeys;
import io.millrace.firehose.config.FirehoseSinkConfig;
import io.millrace.firehose.config.S3ConnectionKeys;
import io.millrace.firehose.config.StateKeys;
import io.millrace.firehose.config.StreamKeys;
import io.millrace.firehose.connect.FirehoseS3SinkConnector;
import io.millrace.firehose.delivery.KafkaSegmentLog;
import io.millrace.firehose.delivery.S3SegmentLog;
import io.millrace.firehose.state.StateClients;
import io.millrace.testkit.EmbeddedKafka;
import io.millrace.testkit.TestSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.cli.ConnectStandalone;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.runtime.standalone.StandaloneHerder;
import org.apache.kafka.connect.util.FutureCallback;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The real parts every integration test runs against, started once per test JVM: a KRaft broker
 * (KafkaClusterTestKit), S3Proxy in-process (restartable on the same port, data kept, for outage tests), a
 * standalone Connect worker in-process with this module's connector on its classpath, and an SDK v2 S3 client.
 */
public final class TestStack {
    public static final String ACCESS_KEY = "AKIDMILLRACETEST";
    public static final String SECRET_KEY = "millrace-test-secret";
    private static TestStack instance;
    private static final AtomicInteger NAMES = new AtomicInteger();

    private final EmbeddedKafka kafka;
    private final TransientNio2BlobStore blobStore = new TransientNio2BlobStore();
    private final int s3Port;
    private S3Proxy s3Proxy;
    private final Connect<StandaloneHerder> connect;
    private final S3Client s3;
    private final Admin admin;
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaProducer<String, String> stateProducer;
    private final Path workDir;

    /** The stack, started on first use and stopped when the test session ends. */
    public static synchronized TestStack get() {
        if (instance == null) {
            try {
                instance = new TestStack();
            } catch (Exception e) {
                throw new IllegalStateException("Cannot start the test stack", e);
            }
            TestSession.closeAtEnd(TestStack::stop);
        }
        return instance;
    }

    /** Something built on the stack (a gateway) to close before the stack itself when the run ends. */
    public static void closeAtEnd(AutoCloseable resource) {
        TestSession.closeAtEnd(resource);
    }

    private static synchronized void stop() {
        instance.close();
        instance = null;
    }

    private TestStack() throws Exception {
        workDir = Files.createTempDirectory("firehose-it");
        // A broker of its own, with Kafka's topic defaults (the shared one creates no topic on first use).
        kafka = EmbeddedKafka.start();

        s3Proxy = startS3Proxy(0);
        s3Port = s3Proxy.getPort();
        s3 = S3Client.builder()
                .endpointOverride(s3Endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .forcePathStyle(true)
                .build();

        Properties adminProps = new Properties();
        adminProps.put("bootstrap.servers", kafka.bootstrapServers());
        admin = Admin.create(adminProps);
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "4194304");
        producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer());
        stateProducer = StateClients.producer(stateKafka(), "test-stack");

        connect = new ConnectStandalone().startConnect(workerProperties(workDir.resolve("offsets"), "5000"));
    }

    /** Properties of a standalone worker against this stack's broker; also used for the crash test's worker JVM. */
    public Map<String, String> workerProperties(Path offsetsFile, String offsetFlushIntervalMs) {
        Map<String, String> worker = new HashMap<>();
        worker.put("bootstrap.servers", kafka.bootstrapServers());
        worker.put("key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        worker.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        worker.put("offset.storage.file.filename", offsetsFile.toString());
        worker.put("offset.flush.interval.ms", offsetFlushIntervalMs);
        worker.put("listeners", "http://127.0.0.1:0");
        // Reflection scanning of this big test classpath takes ~30 s; the connector has a ServiceLoader manifest.
        worker.put("plugin.discovery", "service_load");
        worker.put("consumer.max.partition.fetch.bytes", "4194304");
        return worker;
    }

    private S3Proxy startS3Proxy(int port) throws Exception {
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(blobStore)
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
            }
            Thread.sleep(20);
        }
        return proxy;
    }

    /** An S3 outage: the endpoint refuses connections until {@link #startS3()}. */
    public synchronized void stopS3() throws Exception {
        s3Proxy.stop();
    }

    public synchronized void startS3() throws Exception {
        s3Proxy = startS3Proxy(s3Port);
    }

    public URI s3Endpoint() {
        return URI.create("http://127.0.0.1:" + s3Port);
    }

    /** REST URL of the standalone Connect worker, for clients of the Connect REST API. */
    public String connectUrl() {
        return connect.rest().serverUrl().toString();
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public S3Client s3() {
        return s3;
    }

    public Path workDir() {
        return workDir;
    }

    /** A name no other test uses (topics, buckets, streams). */
    public static String unique(String base) {
        return base + "-" + NAMES.incrementAndGet();
    }

    public void createTopic(String topic, int partitions) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                .all()
                .get(30, TimeUnit.SECONDS);
    }

    public void createBucket(String bucket) {
        s3.createBucket(b -> b.bucket(bucket));
    }

    public void produce(String topic, int partition, Long timestamp, byte[] key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topic, partition, timestamp, key, value))
                .get(30, TimeUnit.SECONDS);
    }

    /** Connector properties for a stream reading {@code topic} and writing to {@code bucket} on this stack. */
    public Map<String, String> connectorConfig(String stream, String topic, String bucket) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", FirehoseS3SinkConnector.class.getName());
        c.put("tasks.max", "1");
        c.put("topics", topic);
        c.put(StreamKeys.DELIVERY_STREAM_NAME, stream);
        c.put(S3ConnectionKeys.S3_ENDPOINT, s3Endpoint().toString());
        c.put(S3ConnectionKeys.S3_ACCESS_KEY_ID, ACCESS_KEY);
        c.put(S3ConnectionKeys.S3_SECRET_ACCESS_KEY, SECRET_KEY);
        c.put(S3ConnectionKeys.S3_PATH_STYLE_ACCESS, "true");
        c.put(DestinationKeys.S3_BUCKET, bucket);
        c.put(DeliveryKeys.BUFFER_DIRECTORY, workDir.resolve("buffers").toString());
        // The segment log and delivery health in this stack's Kafka, as the Firehose API configures connectors.
        c.put(StateKeys.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        c.put(DeliveryKeys.RETRY_BACKOFF_INITIAL_MS, "200");
        c.put(DeliveryKeys.RETRY_BACKOFF_MAX_MS, "1000");
        return c;
    }

    private Map<String, Object> stateKafka() {
        return Map.of("bootstrap.servers", kafka.bootstrapServers());
    }

    /**
     * The segment log a task of {@code config} uses: in this stack's Kafka, taking over what an earlier version left
     * in S3 under the config's legacy bucket and prefix.
     */
    public KafkaSegmentLog segmentLog(FirehoseSinkConfig config, S3Client client) {
        return new KafkaSegmentLog(
                stateProducer,
                () -> StateClients.consumer(stateKafka(), "test-stack"),
                config.segmentLogTopic(),
                config.streamName(),
                new S3SegmentLog(client, config.segmentLogBucket(), config.segmentLogPrefix(), config.streamName()));
    }

    public void startConnector(String name, Map<String, String> config) throws Exception {
        FutureCallback<
                        org.apache.kafka.connect.runtime.Herder.Created<
                                org.apache.kafka.connect.runtime.rest.entities.ConnectorInfo>>
                cb = new FutureCallback<>();
        Map<String, String> named = new HashMap<>(config);
        named.put("name", name);
        connect.herder().putConnectorConfig(name, named, true, cb);
        cb.get(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            ConnectorStateInfo status = connect.herder().connectorStatus(name);
            return "RUNNING".equals(status.connector().state())
                    && !status.tasks().isEmpty()
                    && status.tasks().stream().allMatch(t -> "RUNNING".equals(t.state()));
        });
    }

    public void stopConnector(String name) throws Exception {
        FutureCallback<
                        org.apache.kafka.connect.runtime.Herder.Created<
                                org.apache.kafka.connect.runtime.rest.entities.ConnectorInfo>>
                cb = new FutureCallback<>();
        connect.herder().deleteConnectorConfig(name, cb);
        cb.get(30, TimeUnit.SECONDS);
    }

    /** Offsets committed by the connector's consumer group ("connect-<name>"). */
    public Map<TopicPartition, OffsetAndMetadata> committedOffsets(String connectorName) throws Exception {
        return admin.listConsumerGroupOffsets("connect-" + connectorName)
                .partitionsToOffsetAndMetadata()
                .get(30, TimeUnit.SECONDS);
    }

    public List<S3Object> list(String bucket, String prefix) {
        List<S3Object> out = new ArrayList<>();
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix))
                .contents()
                .forEach(out::add);
        return out;
    }

    public List<String> keys(String bucket, String prefix) {
        return list(bucket, prefix).stream().map(S3Object::key).sorted().toList();
    }

    /**
     * The objects under {@code prefix} that can be read, by key. The embedded filesystem store lists a PUT still in
     * progress under a temporary name that is gone once the PUT completes: such a key is skipped, its object is
     * listed under its own name on a later call.
     */
    public Map<String, byte[]> readableObjects(String bucket, String prefix) {
        Map<String, byte[]> objects = new TreeMap<>();
        for (String key : keys(bucket, prefix)) {
            try {
                objects.put(key, get(bucket, key));
            } catch (NoSuchKeyException e) {
                // a temporary name of a PUT that has completed meanwhile
            }
        }
        return objects;
    }

    public byte[] get(String bucket, String key) {
        return s3.getObject(b -> b.bucket(bucket).key(key), ResponseTransformer.toBytes())
                .asByteArray();
    }

    public static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }

    private void close() {
        try {
            connect.stop();
        } catch (RuntimeException ignored) {
            // Shutting down the JVM anyway.
        }
        producer.close();
        stateProducer.close();
        admin.close();
        s3.close();
        try {
            s3Proxy.stop();
            kafka.close();
        } catch (Exception ignored) {
            // Shutting down the JVM anyway.
        }
        try (var files = Files.walk(workDir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // Temp directory; the OS cleans it.
        }
    }
}

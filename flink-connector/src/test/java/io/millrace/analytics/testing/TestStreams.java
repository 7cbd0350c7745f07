package io.millrace.analytics.testing;

import io.millrace.kinesis.model.NewStream;
import io.millrace.kinesis.model.TopicNames;
import io.millrace.schemas.kinesis.ShardMetadata;
import io.millrace.schemas.kinesis.StreamMetadata;
import io.millrace.schemas.kinesis.StreamMode;
import io.millrace.schemas.kinesis.StreamStatus;
import io.millrace.testkit.EmbeddedKafka;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Streams on the test kit's shared broker, created the way the gateway creates them (a topic plus a metadata record
 * with the shard map), and records written and read the way the gateway and its clients do. As an extension, it
 * makes sure the broker and the metadata topic are up before a test class runs.
 */
public final class TestStreams implements BeforeAllCallback {

    public static final String METADATA_TOPIC = TopicNames.DEFAULT_METADATA_TOPIC;
    private static final AtomicInteger STREAM_COUNTER = new AtomicInteger();
    private static boolean metadataTopicCreated;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        createMetadataTopic();
    }

    private static synchronized void createMetadataTopic() throws Exception {
        if (metadataTopicCreated) {
            return;
        }
        try (Admin admin = Admin.create(adminProperties())) {
            admin.createTopics(List.of(new NewTopic(METADATA_TOPIC, 1, (short) 1)
                            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                    .all()
                    .get();
        }
        metadataTopicCreated = true;
    }

    public static String bootstrapServers() {
        return EmbeddedKafka.shared().bootstrapServers();
    }

    /** A fresh stream name, so test classes sharing the broker never see each other's records. */
    public static String uniqueStream(String base) {
        return base + "-" + STREAM_COUNTER.incrementAndGet();
    }

    /** Creates an ACTIVE stream of evenly split open shards, through the model CreateStream uses. */
    public static StreamMetadata createStream(String name, int shards) throws Exception {
        return create(NewStream.metadata(
                name, UUID.randomUUID().toString(), name, StreamMode.PROVISIONED, shards, System.currentTimeMillis()));
    }

    /** Creates an ACTIVE stream with the test's own shard map (closed shards, children of a reshard). */
    public static StreamMetadata createStream(String name, List<ShardMetadata> shards) throws Exception {
        return create(NewStream.metadata(
                name, UUID.randomUUID().toString(), name, StreamMode.PROVISIONED, shards, System.currentTimeMillis()));
    }

    private static StreamMetadata create(StreamMetadata.Builder created) throws Exception {
        StreamMetadata metadata = created.setStatus(StreamStatus.ACTIVE).build();
        try (Admin admin = Admin.create(adminProperties())) {
            admin.createTopics(List.of(new NewTopic(
                            metadata.getTopic(), metadata.getShards().size(), (short) 1)))
                    .all()
                    .get();
        }
        writeMetadata(metadata.getName(), metadata);
        return metadata;
    }

    public static ShardMetadata shard(int index, BigInteger start, BigInteger end, Long closedAt) {
        return ShardMetadata.newBuilder()
                .setIndex(index)
                .setStartingHashKey(start.toString())
                .setEndingHashKey(end.toString())
                .setCreatedAtMillis(System.currentTimeMillis())
                .setClosedAtMillis(closedAt)
                .build();
    }

    /** Adds partitions to a stream's topic, as a reshard that creates child shards does. */
    public static void addShards(String stream, int totalShards) throws Exception {
        try (Admin admin = Admin.create(adminProperties())) {
            admin.createPartitions(Map.of(stream, org.apache.kafka.clients.admin.NewPartitions.increaseTo(totalShards)))
                    .all()
                    .get();
        }
    }

    /** Writes (or, with null, tombstones) the metadata record of a stream. */
    public static void writeMetadata(String name, StreamMetadata metadata) throws Exception {
        byte[] value = metadata == null ? null : toBytes(metadata.toByteBuffer());
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(
                            METADATA_TOPIC, ("stream/" + name).getBytes(StandardCharsets.UTF_8), value))
                    .get();
        }
    }

    /** A record as the gateway writes it: key = partition key, value = blob, timestamp = arrival time. */
    public record StreamRecord(int shard, String partitionKey, String data, long arrivalMillis) {}

    public static void put(String stream, List<StreamRecord> records) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (StreamRecord r : records) {
                sent.add(producer.send(new ProducerRecord<>(
                        stream,
                        r.shard(),
                        r.arrivalMillis(),
                        r.partitionKey().getBytes(StandardCharsets.UTF_8),
                        r.data().getBytes(StandardCharsets.UTF_8))));
            }
            for (java.util.concurrent.Future<?> f : sent) {
                f.get();
            }
        }
    }

    /** Every record of a stream's topic, all shards, read to the end as of now. */
    public static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        return readAll(topic, "read_uncommitted");
    }

    /** Only what committed transactions wrote, as a consumer with read_committed sees it. */
    public static List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic) {
        return readAll(topic, "read_committed");
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, String isolation) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.currentTimeMillis() + 30_000;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("timed out reading " + topic);
                }
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
        }
        return records;
    }

    /** The offset the next record of a partition gets (a closed shard's end offset, as the reshard records it). */
    public static long endOffset(String topic, int partition) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, partition);
            return consumer.endOffsets(List.of(tp), Duration.ofSeconds(10)).get(tp);
        }
    }

    public static List<String> readValues(String topic) {
        return readAll(topic).stream()
                .map(r -> new String(r.value(), StandardCharsets.UTF_8))
                .toList();
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static Properties adminProperties() {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrapServers());
        return props;
    }

    private static byte[] toBytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}

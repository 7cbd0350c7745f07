package io.millrace.analytics.metadata;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a gateway's compacted metadata topic from its beginning to its end as of now, in log order. These topics
 * are small (one live record per stream), so a full read is cheap and needs no consumer group.
 */
final class CompactedTopicReader {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Properties consumerProperties;
    private final String topic;

    CompactedTopicReader(String bootstrapServers, Map<String, String> kafkaProperties, String topic) {
        this.topic = topic;
        this.consumerProperties = new Properties();
        consumerProperties.putAll(kafkaProperties);
        consumerProperties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerProperties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerProperties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        // Reads to a known end offset: waiting for more bytes on the broker only slows every lookup down.
        consumerProperties.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10");
    }

    /** Hands every record to {@code apply}; a topic that does not exist yet has no records. */
    void readAll(Consumer<ConsumerRecord<byte[], byte[]>> apply) {
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(consumerProperties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, TIMEOUT);
            if (partitions == null || partitions.isEmpty()) {
                return;
            }
            List<TopicPartition> assigned = partitions.stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .collect(Collectors.toList());
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned, TIMEOUT);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!reachedEnd(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("timed out reading metadata topic " + topic);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    apply.accept(record);
                }
            }
        }
    }

    private static boolean reachedEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey(), TIMEOUT) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}

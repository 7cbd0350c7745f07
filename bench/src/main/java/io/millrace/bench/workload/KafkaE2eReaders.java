package io.millrace.bench.workload;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The raw Kafka readers the e2e figures are compared with: one consumer per partition (as one reader per shard),
 * assigned without a group, from the beginning, each polling on its own thread. A poll returns as soon as a fetch
 * brings records, so this is the broker's own push latency, the floor of both Kinesis readers.
 */
public final class KafkaE2eReaders implements E2eReaders {

    private static final Duration POLL = Duration.ofMillis(100);

    private final String bootstrapServers;
    private final String topic;
    private final AtomicBoolean stop = new AtomicBoolean();

    public KafkaE2eReaders(String bootstrapServers, String topic) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
    }

    @Override
    public String runName() {
        return "kafka e2e";
    }

    @Override
    public String latencyOf() {
        return "one record, from its send acknowledged to returned by poll()";
    }

    @Override
    public CompletableFuture<Void> start(List<String> partitions, List<Delivery> deliveries, Duration maxRun) {
        Delivery delivery = deliveries.get(0);
        List<KafkaConsumer<byte[], byte[]>> consumers = new ArrayList<>(partitions.size());
        try {
            // Connections and positions are settled before the writers start.
            for (String p : partitions) {
                TopicPartition partition = new TopicPartition(topic, Integer.parseInt(p));
                KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig());
                consumers.add(consumer);
                consumer.assign(List.of(partition));
                consumer.seekToBeginning(List.of(partition));
                consumer.position(partition);
            }
        } catch (RuntimeException e) {
            consumers.forEach(KafkaConsumer::close);
            throw e;
        }
        RecordBudget deadline = new RecordBudget(maxRun, 0);
        return ClientThreads.runAllInBackground("bench-kafka-e2e", consumers.size(), index -> {
            // KafkaConsumer is single-threaded: each is used by its own client thread only from here on.
            try (KafkaConsumer<byte[], byte[]> consumer = consumers.get(index)) {
                while (!stop.get() && !deadline.expired()) {
                    var records = consumer.poll(POLL);
                    long now = System.nanoTime();
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        delivery.record(ByteBuffer.wrap(r.value() == null ? new byte[0] : r.value()), now);
                    }
                }
            }
        });
    }

    @Override
    public void stop() {
        stop.set(true);
    }

    @Override
    public Map<String, String> notes() {
        Map<String, String> notes = new LinkedHashMap<>();
        notes.put("consumer", "one per partition, no group, default fetch settings");
        return notes;
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }
}

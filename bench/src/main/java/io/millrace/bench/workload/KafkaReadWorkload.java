package io.millrace.bench.workload;

import io.millrace.bench.stats.Meter;
import io.millrace.bench.stats.Operation;
import io.millrace.bench.stats.ProgressTicker;
import io.millrace.bench.stats.RunResult;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The raw Kafka read every GetRecords figure is compared with: one consumer per partition (as one GetRecords
 * reader per shard), assigned without a group, from the beginning to the end offset seen at start.
 */
public final class KafkaReadWorkload {

    private static final Duration POLL = Duration.ofMillis(100);

    private final String bootstrapServers;
    private final String topic;
    private final int partitions;
    private final Duration duration;
    private final long warmUpRecords;

    /**
     * @param warmUpRecords records read and forgotten before the measured read (all partitions together), as the
     *     GetRecords run it is compared with warms up first; 0 for none
     */
    public KafkaReadWorkload(
            String bootstrapServers, String topic, int partitions, Duration duration, long warmUpRecords) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.partitions = partitions;
        this.duration = duration;
        this.warmUpRecords = warmUpRecords;
    }

    public RunResult run(String name, PrintWriter out) {
        List<KafkaConsumer<byte[], byte[]>> consumers = new ArrayList<>(partitions);
        try {
            long[] ends = new long[partitions];
            // Connections, metadata and end offsets are settled before the clock starts.
            for (int p = 0; p < partitions; p++) {
                TopicPartition partition = new TopicPartition(topic, p);
                KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig());
                consumers.add(consumer);
                consumer.assign(List.of(partition));
                consumer.seekToBeginning(List.of(partition));
                ends[p] = consumer.endOffsets(List.of(partition)).get(partition);
                consumer.position(partition);
            }
            warmUp(consumers, ends, out);
            return measure(name, consumers, ends, out);
        } finally {
            consumers.forEach(KafkaConsumer::close);
        }
    }

    /** Each consumer reads its share of the warm-up, then goes back to the beginning; one line, no report row. */
    private void warmUp(List<KafkaConsumer<byte[], byte[]>> consumers, long[] ends, PrintWriter out) {
        if (warmUpRecords <= 0) {
            return;
        }
        long started = System.nanoTime();
        long share = Math.max(1, warmUpRecords / partitions);
        long read = 0;
        RecordBudget deadline = new RecordBudget(duration, 0);
        for (int p = 0; p < partitions; p++) {
            KafkaConsumer<byte[], byte[]> consumer = consumers.get(p);
            TopicPartition partition = new TopicPartition(topic, p);
            long target = Math.min(ends[p], share);
            while (consumer.position(partition) < target && !deadline.expired()) {
                read += consumer.poll(POLL).count();
            }
            consumer.seekToBeginning(List.of(partition));
            consumer.position(partition);
        }
        out.printf("warm-up: %d records read in %.1f s (not measured)%n", read, (System.nanoTime() - started) / 1e9);
        out.flush();
    }

    private RunResult measure(
            String name, List<KafkaConsumer<byte[], byte[]>> consumers, long[] ends, PrintWriter out) {
        Meter meter = new Meter();
        RecordBudget deadline = new RecordBudget(duration, 0);
        try (ProgressTicker ticker = ProgressTicker.start(name, meter, out)) {
            ClientThreads.runAll("bench-kafka-read", partitions, index -> {
                // KafkaConsumer is single-threaded: each is used by its own client thread only from here on.
                KafkaConsumer<byte[], byte[]> consumer = consumers.get(index);
                TopicPartition partition = new TopicPartition(topic, index);
                while (consumer.position(partition) < ends[index] && !deadline.expired()) {
                    long start = System.nanoTime();
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                    if (records.isEmpty()) {
                        continue;
                    }
                    meter.latencyNanos(System.nanoTime() - start);
                    long bytes = 0;
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        bytes += r.value() == null ? 0 : r.value().length;
                    }
                    meter.count(records.count(), bytes);
                }
            });
            return ticker.finish(
                    Operation.READ,
                    true,
                    "one poll() that returned records",
                    Map.of("consumer", "one per partition, no group, default fetch settings"));
        }
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

package io.millrace.bench.workload;

import io.millrace.bench.stats.RunResult;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** The raw Kafka runs a Kinesis run is compared with, on a topic of their own that is deleted afterwards. */
public final class KafkaBaseline {

    private KafkaBaseline() {}

    /**
     * Writes {@code spec} with the plain producer, then (when {@code read}) reads it all back.
     *
     * @param warnings receives cleanup problems, which do not invalidate the figures
     */
    public static List<RunResult> run(
            String bootstrapServers,
            String topic,
            LoadSpec spec,
            boolean read,
            boolean keep,
            PrintWriter out,
            List<String> warnings) {
        return run(bootstrapServers, topic, spec, read ? 0 : -1, keep, out, warnings);
    }

    /**
     * As {@link #run(String, String, LoadSpec, boolean, boolean, PrintWriter, List)}, reading back after
     * {@code readWarmUp} records read unmeasured (0: read without warm-up; negative: no read).
     */
    public static List<RunResult> run(
            String bootstrapServers,
            String topic,
            LoadSpec spec,
            long readWarmUp,
            boolean keep,
            PrintWriter out,
            List<String> warnings) {
        return run(bootstrapServers, topic, spec, 0, readWarmUp, keep, out, warnings);
    }

    /**
     * As {@link #run(String, String, LoadSpec, long, boolean, PrintWriter, List)}, writing after {@code
     * writeWarmUp} records sent unmeasured (0: none).
     */
    public static List<RunResult> run(
            String bootstrapServers,
            String topic,
            LoadSpec spec,
            long writeWarmUp,
            long readWarmUp,
            boolean keep,
            PrintWriter out,
            List<String> warnings) {
        boolean read = readWarmUp >= 0;
        List<RunResult> runs = new ArrayList<>();
        try (KafkaTopics topics = new KafkaTopics(bootstrapServers)) {
            topics.create(topic, spec.shards());
            try {
                RunResult put = new KafkaPutWorkload(bootstrapServers, topic, spec).run("kafka put", writeWarmUp, out);
                runs.add(put);
                if (read) {
                    runs.add(new KafkaReadWorkload(bootstrapServers, topic, spec.shards(), spec.duration(), readWarmUp)
                            .run("kafka read", out));
                }
            } finally {
                if (!keep) {
                    String warning = topics.delete(topic);
                    if (warning != null) {
                        warnings.add(warning);
                    }
                }
            }
        }
        return runs;
    }

    /**
     * The e2e workload on Kafka: {@code spec.threads()} threads each send one record at a time on one shared
     * producer (the configuration of the put baseline) and wait for its acknowledgement; one consumer per partition
     * reads them back. Returns the {@code kafka put} and {@code kafka e2e} runs.
     */
    public static List<RunResult> runE2e(
            String bootstrapServers,
            String topic,
            LoadSpec spec,
            Duration warmUp,
            boolean keep,
            PrintWriter out,
            List<String> warnings) {
        try (KafkaTopics topics = new KafkaTopics(bootstrapServers)) {
            topics.create(topic, spec.shards());
            try (KafkaProducer<byte[], byte[]> producer =
                    new KafkaProducer<>(KafkaPutWorkload.producerConfig(bootstrapServers, spec.recordSize(), 1))) {
                producer.partitionsFor(topic);
                List<String> partitions = IntStream.range(0, spec.shards())
                        .mapToObj(Integer::toString)
                        .toList();
                E2eWorkload.Writer writer = payload -> producer.send(new ProducerRecord<>(
                                topic, Payloads.randomPartitionKey().getBytes(StandardCharsets.UTF_8), payload))
                        .get(60, TimeUnit.SECONDS);
                return new E2eWorkload(
                                writer,
                                "Kafka send",
                                true,
                                partitions,
                                spec,
                                new KafkaE2eReaders(bootstrapServers, topic),
                                warmUp)
                        .run(out);
            } finally {
                if (!keep) {
                    String warning = topics.delete(topic);
                    if (warning != null) {
                        warnings.add(warning);
                    }
                }
            }
        }
    }
}

package io.millrace.bench.workload;

import io.millrace.bench.stats.Meter;
import io.millrace.bench.stats.Operation;
import io.millrace.bench.stats.ProgressTicker;
import io.millrace.bench.stats.RunResult;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The raw Kafka write every Kinesis put figure is compared with: one shared producer (acks=all, idempotent,
 * linger 5 ms), N threads, each sending a batch of {@code --batch-size} records and waiting for all of them to be
 * acknowledged before the next, the same shape as a PutRecords call. Keys are random partition keys, as the
 * gateway writes them.
 */
public final class KafkaPutWorkload {

    private static final long ACK_TIMEOUT_SECONDS = 60;

    private final String bootstrapServers;
    private final String topic;
    private final LoadSpec spec;

    public KafkaPutWorkload(String bootstrapServers, String topic, LoadSpec spec) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.spec = spec;
    }

    static Map<String, Object> producerConfig(String bootstrapServers, int recordSize, int batchSize) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // Kinesis takes records up to 10 MiB; each must fit one produce request here too.
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Math.max(1 << 20, 2 * recordSize + 1024));
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Math.max(32L << 20, 4L * recordSize * batchSize));
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }

    public RunResult run(String name, PrintWriter out) {
        return run(name, 0, out);
    }

    /**
     * As {@link #run(String, PrintWriter)}, after {@code warmUpRecords} records sent and forgotten on the same
     * producer (one {@code warm-up:} line), so that the broker's and the client's JIT compiling the write path do
     * not count against the run.
     */
    public RunResult run(String name, long warmUpRecords, PrintWriter out) {
        Meter meter = new Meter();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(producerConfig(bootstrapServers, spec.recordSize(), spec.batchSize()))) {
            // Metadata and the idempotent producer id are fetched before the clock starts, as the Kinesis
            // client's connection is opened by CreateStream before its run.
            producer.partitionsFor(topic);
            if (warmUpRecords > 0) {
                long started = System.nanoTime();
                Meter warmUp = new Meter();
                send(producer, warmUp, new RecordBudget(spec.duration(), warmUpRecords));
                out.printf(
                        "warm-up: %d records sent in %.1f s (not measured)%n",
                        warmUp.records(), (System.nanoTime() - started) / 1e9);
                out.flush();
            }
            return measure(name, producer, meter, spec.newBudget(), out);
        }
    }

    private void send(KafkaProducer<byte[], byte[]> producer, Meter meter, RecordBudget budget) {
        ClientThreads.runAll("bench-kafka-put", spec.threads(), index -> {
            byte[] value = Payloads.randomBytes(spec.recordSize());
            ErrorStreak errors = new ErrorStreak("Kafka produce");
            List<Future<RecordMetadata>> acks = new ArrayList<>(spec.batchSize());
            int claimed;
            while ((claimed = budget.claim(spec.batchSize())) > 0) {
                acks.clear();
                long start = System.nanoTime();
                for (int i = 0; i < claimed; i++) {
                    byte[] key = Payloads.randomPartitionKey().getBytes(StandardCharsets.UTF_8);
                    acks.add(producer.send(new ProducerRecord<>(topic, key, value)));
                }
                int acked = awaitAll(acks, meter, errors);
                meter.latencyNanos(System.nanoTime() - start);
                meter.count(acked, (long) acked * spec.recordSize());
            }
        });
    }

    private RunResult measure(
            String name, KafkaProducer<byte[], byte[]> producer, Meter meter, RecordBudget budget, PrintWriter out) {
        try (ProgressTicker ticker = ProgressTicker.start(name, meter, out)) {
            send(producer, meter, budget);
            Map<String, String> notes = new LinkedHashMap<>();
            notes.put("producer", "acks=all, enable.idempotence=true, linger.ms=5");
            notes.put("failed sends", Long.toString(meter.errors()));
            return ticker.finish(
                    Operation.WRITE,
                    true,
                    "one batch of " + spec.batchSize() + " sends until all are acknowledged",
                    notes);
        }
    }

    private static int awaitAll(List<Future<RecordMetadata>> acks, Meter meter, ErrorStreak errors) {
        int acked = 0;
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                acked++;
                errors.success();
            } catch (ExecutionException | TimeoutException e) {
                meter.error();
                errors.failure(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BenchFailure("interrupted");
            }
        }
        return acked;
    }
}

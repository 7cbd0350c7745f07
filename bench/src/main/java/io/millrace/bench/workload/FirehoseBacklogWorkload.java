package io.millrace.bench.workload;

import io.millrace.bench.stats.Meter;
import io.millrace.bench.stats.Operation;
import io.millrace.bench.stats.ProgressTicker;
import io.millrace.bench.stats.RunResult;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Delivery capacity apart from the input path: a raw Kafka producer fills a DirectPut delivery stream's topic with
 * {@code backlogBytes} of records (the same payloads as {@link FirehoseWorkload}: batch id and index first), with
 * the sink paused meanwhile when a {@link ConnectorPause} is given, and the run measures how fast the sink writes
 * that backlog to S3. Delivery is
 * timed by listings alone (the first listing that shows an object); the objects are read back afterwards, for the
 * exactly-once check, so that reading does not compete with the delivery it times.
 */
public final class FirehoseBacklogWorkload {

    private static final long ACK_TIMEOUT_SECONDS = 120;

    private final String bootstrapServers;
    private final String topic;
    /** How the delivery stream's object names start: {@code <DeliveryStreamName>-<version>-}. */
    private final String objectName;

    private final LoadSpec spec;
    private final long backlogBytes;
    private final Duration pollInterval;
    private final Duration drainTimeout;
    private final Meter fillMeter = new Meter();
    private final Meter deliveryMeter = new Meter();
    private final DeliveryTracker tracker = new DeliveryTracker(deliveryMeter::latencyNanos);
    private final S3DeliveryWatcher watcher;
    private final AtomicLong batchIds = new AtomicLong();
    /** Holds the sink paused while the topic fills, or null: the sink then delivers during the fill. */
    private final ConnectorPause pause;

    /** @param drainTimeout how long to wait for the backlog in S3 once the topic is filled */
    public FirehoseBacklogWorkload(
            String bootstrapServers,
            String topic,
            String deliveryStream,
            S3Client s3,
            String bucket,
            String prefix,
            LoadSpec spec,
            long backlogBytes,
            Duration pollInterval,
            Duration drainTimeout,
            ConnectorPause pause) {
        if (spec.recordSize() < FirehoseWorkload.HEADER_BYTES) {
            throw new IllegalArgumentException(
                    "firehose records need at least " + FirehoseWorkload.HEADER_BYTES + " bytes");
        }
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.objectName = deliveryStream + "-";
        this.spec = spec;
        this.backlogBytes = backlogBytes;
        this.pollInterval = pollInterval;
        this.drainTimeout = drainTimeout;
        this.pause = pause;
        this.watcher = new S3DeliveryWatcher(s3, bucket, prefix, spec.recordSize(), tracker);
    }

    /**
     * Returns the fill run (Kafka) and the delivery run. With the sink paused during the fill, delivery is timed from
     * its resumption: the sink's own rate. Without, the sink delivers while the topic fills and the run is timed from
     * the fill's start, so a sink that keeps pace with the fill shows the fill's rate.
     */
    public List<RunResult> run(PrintWriter out) {
        long records = Math.max(1, backlogBytes / spec.recordSize());
        ProgressTicker delivery = null;
        RunResult fill;
        try {
            if (pause == null) {
                delivery = ProgressTicker.start("s3", deliveryMeter, out);
                fill = fill(records, out);
            } else {
                pause.pause();
                fill = fill(records, out);
                delivery = ProgressTicker.start("s3", deliveryMeter, out);
                pause.resume();
            }
            awaitListed(records * spec.recordSize());
            delivery.stop();
            watcher.readListed();
        } catch (SdkException e) {
            closeQuietly(delivery);
            throw new BenchFailure("reading S3 failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(delivery);
            throw e;
        }
        Map<String, String> notes = new LinkedHashMap<>();
        notes.put("backlog", records + " records written to " + topic + " by a raw producer");
        notes.put(
                "sink during the fill",
                pause == null
                        ? "delivering (the delivered rate is at most the fill's)"
                        : "paused (connector " + pause.connector()
                                + " through the Kafka Connect REST API); delivery timed from its resumption, and"
                                + " latencies include the pause");
        notes.putAll(FirehoseWorkload.deliveryNotes(tracker, "in S3"));
        notes.putAll(S3Destination.notes(watcher));
        notes.put("S3 poll interval", pollInterval.toMillis() + " ms");
        RunResult delivered = delivery.finish(
                Operation.DELIVERY,
                false,
                "one record of the backlog, from its Kafka acknowledgement to its object listed in S3",
                notes);
        return List.of(fill, delivered);
    }

    private static void closeQuietly(ProgressTicker ticker) {
        if (ticker != null) {
            ticker.close();
        }
    }

    private RunResult fill(long records, PrintWriter out) {
        Map<String, Object> config =
                KafkaPutWorkload.producerConfig(bootstrapServers, spec.recordSize(), spec.batchSize());
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config);
                ProgressTicker ticker = ProgressTicker.start("backlog", fillMeter, out)) {
            producer.partitionsFor(topic);
            RecordBudget budget = new RecordBudget(Duration.ofDays(1), records);
            ClientThreads.runAll("bench-firehose-backlog", spec.threads(), index -> {
                byte[] template = Payloads.randomBytes(spec.recordSize());
                List<Future<RecordMetadata>> acks = new ArrayList<>(spec.batchSize());
                int claimed;
                while ((claimed = budget.claim(spec.batchSize())) > 0) {
                    long batchId = batchIds.incrementAndGet();
                    acks.clear();
                    long start = System.nanoTime();
                    for (int i = 0; i < claimed; i++) {
                        byte[] payload = template.clone();
                        ByteBuffer.wrap(payload).putLong(batchId).putInt(i);
                        acks.add(producer.send(new ProducerRecord<>(topic, payload)));
                    }
                    awaitAll(acks);
                    long acked = System.nanoTime();
                    fillMeter.latencyNanos(acked - start);
                    fillMeter.count(claimed, (long) claimed * spec.recordSize());
                    tracker.acked(batchId, IntStream.range(0, claimed).toArray(), acked);
                }
            });
            return ticker.finish(
                    Operation.WRITE,
                    true,
                    "one batch of " + spec.batchSize() + " sends to the delivery stream's topic",
                    Map.of("producer", "acks=all, enable.idempotence=true, linger.ms=5, batch.size=256 KiB"));
        }
    }

    /** Lists the prefix until objects of {@code expectedBytes} are there, or the drain timeout passed. */
    private void awaitListed(long expectedBytes) {
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        long listed = 0;
        ErrorStreak errors = new ErrorStreak("S3 ListObjectsV2");
        while (listed < expectedBytes && System.nanoTime() - deadline < 0) {
            try {
                long bytes = watcher.list(objectName);
                listed += bytes;
                deliveryMeter.count(bytes / spec.recordSize(), bytes);
                errors.success();
            } catch (SdkException e) {
                deliveryMeter.error();
                errors.failure(e);
            }
            if (listed < expectedBytes) {
                StreamAdmin.sleep(pollInterval.toMillis());
            }
        }
    }

    /** A failed send fails the run: every record of the backlog must be in the topic for the check to hold. */
    private static void awaitAll(List<Future<RecordMetadata>> acks) {
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new BenchFailure("filling the delivery stream's topic failed: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BenchFailure("interrupted");
            }
        }
    }

    /** Deletes the run's objects; a failure is returned as a warning. */
    public String deleteObjects() {
        return watcher.deleteAll();
    }
}

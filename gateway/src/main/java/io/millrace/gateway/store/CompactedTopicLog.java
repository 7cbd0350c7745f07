package io.millrace.gateway.store;

import io.millrace.gateway.kafka.OffsetLookups;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-partition compacted topic that every gateway tails from the beginning and applies, record by record,
 * to a state machine of its own (the key spaces of a {@link VersionedTopic}). A write is a record appended to the topic;
 * it has taken effect once this gateway's tail has applied it, which {@link #append} waits for.
 */
public final class CompactedTopicLog implements AutoCloseable {

    /** Applies one record of the log, in log order, on the tail's thread. */
    @FunctionalInterface
    public interface Applier {
        void apply(long offset, String key, byte[] value, Headers headers);
    }

    private static final Logger LOG = LoggerFactory.getLogger(CompactedTopicLog.class);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);
    /**
     * How long a {@link #sync} may wait for the log end, then again for the tail to apply it, before failing with a
     * retriable error: while a broker fails over, callers (a put's routing lease among them) answer their clients
     * within seconds, and the next sync asks afresh.
     */
    private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(3);
    /** How long the tail waits for its position after a leader change before polling again. */
    private static final Duration POSITION_TIMEOUT = Duration.ofSeconds(1);

    private final String topic;
    private final TopicPartition partition;
    private final Admin admin;
    private final Applier applier;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final OffsetLookups ends;
    private final Thread tail;
    private final Object appliedLock = new Object();
    private final PriorityQueue<Waiter> waiters = new PriorityQueue<>();
    private long appliedOffset;
    private volatile boolean running = true;
    private Throwable tailFailure;

    private record Waiter(long offset, CompletableFuture<Void> done) implements Comparable<Waiter> {
        @Override
        public int compareTo(Waiter other) {
            return Long.compare(offset, other.offset);
        }
    }

    /** @param clientName names the Kafka clients and the tail thread, e.g. {@code millrace-metadata} */
    public CompactedTopicLog(
            Map<String, Object> clientProps, Admin admin, String topic, String clientName, Applier applier) {
        this.topic = topic;
        this.partition = new TopicPartition(topic, 0);
        this.admin = admin;
        this.applier = applier;

        Map<String, Object> producerProps = new HashMap<>(clientProps);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, clientName + "-writer");
        this.producer = new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer());

        Map<String, Object> consumerProps = new HashMap<>(clientProps);
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, clientName + "-tail");
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        this.consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new ByteArrayDeserializer());
        this.ends = new OffsetLookups(clientProps, clientName + "-ends", SYNC_TIMEOUT);
        this.tail = new Thread(this::tailLoop, clientName + "-tail");
        this.tail.setDaemon(true);
    }

    public String topic() {
        return topic;
    }

    /** Creates the topic if needed, then replays it; returns once everything in it is applied. */
    public void start(Duration timeout) throws Exception {
        ensureTopic();
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        tail.start();
        awaitFirstSync(timeout);
    }

    private void ensureTopic() throws Exception {
        int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
        short replication = (short) Math.max(1, Math.min(3, brokers));
        NewTopic newTopic = new NewTopic(topic, 1, replication)
                .configs(Map.of(
                        "cleanup.policy", "compact",
                        "min.insync.replicas", String.valueOf(Math.min(2, (int) replication)),
                        // Keep recent records uncompacted: a lost compare-and-set is repaired well within this time.
                        "min.compaction.lag.ms",
                                String.valueOf(Duration.ofMinutes(10).toMillis())));
        try {
            admin.createTopics(List.of(newTopic)).all().get(30, TimeUnit.SECONDS);
            LOG.info("Created compacted topic {} (replication {})", topic, replication);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    /**
     * A topic just created may not have a leader yet on a busy broker, and asking for its offsets then fails:
     * retry until the deadline rather than fail the start.
     */
    private void awaitFirstSync(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                sync().get(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /**
     * Appends a record (a null value is a tombstone) and completes with its offset once this gateway has applied it.
     */
    public CompletableFuture<Long> append(String key, byte[] value, Headers headers) {
        CompletableFuture<Long> written = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(topic, 0, key, value, headers), (metadata, error) -> {
            if (error != null) {
                written.completeExceptionally(error);
            } else {
                written.complete(metadata.offset());
            }
        });
        return written.thenCompose(offset -> awaitApplied(offset + 1).thenApply(applied -> offset))
                .orTimeout(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Appends without waiting: for repairs, which any gateway may repeat. */
    public void appendQuietly(String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, 0, key, value));
    }

    /**
     * Completes once this gateway has applied everything in the topic at the time of the call; fails with Kafka's
     * (retriable) {@link TimeoutException} when the log end or its application takes longer than
     * {@link #SYNC_TIMEOUT} each. The log end is asked by a consumer, not the admin client, which can keep asking a
     * dead leader for a minute (see {@link OffsetLookups}).
     */
    public CompletableFuture<Void> sync() {
        return ends.end(partition).thenCompose(end -> within(awaitApplied(end), end));
    }

    private CompletableFuture<Void> within(CompletableFuture<Void> applied, long end) {
        return applied.orTimeout(SYNC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionallyCompose(error -> CompletableFuture.failedFuture(
                        error instanceof java.util.concurrent.TimeoutException
                                ? new TimeoutException("The tail of " + topic + " did not reach offset " + end
                                        + " within " + SYNC_TIMEOUT)
                                : error));
    }

    private CompletableFuture<Void> awaitApplied(long offset) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (appliedLock) {
            if (tailFailure != null) {
                done.completeExceptionally(tailFailure);
            } else if (appliedOffset >= offset) {
                done.complete(null);
            } else {
                waiters.add(new Waiter(offset, done));
            }
        }
        return done;
    }

    private void tailLoop() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() != null) {
                        applier.apply(record.offset(), record.key(), record.value(), record.headers());
                    }
                }
                long position;
                try {
                    position = consumer.position(partition, POSITION_TIMEOUT);
                } catch (TimeoutException e) {
                    // Validating the position with a new leader: poll again rather than block for a minute (the
                    // default) and then, the timeout being a RuntimeException, stop the tail for good.
                    continue;
                }
                synchronized (appliedLock) {
                    appliedOffset = position;
                    while (!waiters.isEmpty() && waiters.peek().offset() <= position) {
                        waiters.poll().done().complete(null);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("Tail of {} stopped", topic, e);
            synchronized (appliedLock) {
                tailFailure = e;
                waiters.forEach(waiter -> waiter.done().completeExceptionally(e));
                waiters.clear();
            }
        } finally {
            consumer.close(Duration.ofSeconds(1));
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            tail.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ends.close();
        producer.close(Duration.ofSeconds(5));
    }
}

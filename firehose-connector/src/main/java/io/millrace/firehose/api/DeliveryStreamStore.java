package io.millrace.firehose.api;

import io.millrace.schemas.firehose.DeliveryStreamMetadata;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivery stream metadata in a compacted one-partition Kafka topic: every gateway tails it into a
 * {@link DeliveryStreamLog}, and a write is a compare-and-set that completes once this gateway has applied the log
 * up to it, so a restart or a second gateway sees the same streams.
 */
final class DeliveryStreamStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryStreamStore.class);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    private final String topic;
    private final TopicPartition partition;
    private final Admin admin;
    private final DeliveryStreamLog log = new DeliveryStreamLog();
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
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

    DeliveryStreamStore(Map<String, Object> clientProps, Admin admin, String topic) {
        this.topic = topic;
        this.partition = new TopicPartition(topic, 0);
        this.admin = admin;
        Map<String, Object> producerProps = new HashMap<>(clientProps);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, "millrace-firehose-metadata-writer");
        this.producer = new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer());
        Map<String, Object> consumerProps = new HashMap<>(clientProps);
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, "millrace-firehose-metadata-tail");
        this.consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new ByteArrayDeserializer());
        this.tail = new Thread(this::tailLoop, "millrace-firehose-metadata-tail");
        this.tail.setDaemon(true);
    }

    /** Creates the topic if needed and replays it; returns once the view is up to date. */
    void start(Duration timeout) throws Exception {
        ensureTopic();
        awaitLeader(timeout);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        tail.start();
        sync().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("Firehose metadata loaded from {}: {} delivery streams", topic, log.streams().size());
    }

    private void ensureTopic() throws Exception {
        int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
        short replication = (short) Math.max(1, Math.min(3, brokers));
        NewTopic newTopic = new NewTopic(topic, 1, replication).configs(Map.of(
                "cleanup.policy", "compact",
                "min.insync.replicas", String.valueOf(Math.min(2, (int) replication))));
        try {
            admin.createTopics(List.of(newTopic)).all().get(30, TimeUnit.SECONDS);
            LOG.info("Created Firehose metadata topic {} (replication {})", topic, replication);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    /** A topic just created may not have a leader yet; reading it before would fail with an unknown partition. */
    private void awaitLeader(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                var description = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                        .get(topic);
                if (description.partitions().get(0).leader() != null) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("No leader for " + topic + " after " + timeout.toSeconds() + " s");
            }
            Thread.sleep(50);
        }
    }

    Optional<DeliveryStreamMetadata> stream(String name) {
        return log.stream(name);
    }

    Collection<DeliveryStreamMetadata> streams() {
        return log.streams();
    }

    /**
     * Appends the next state and waits until it is applied; fails with {@link ConflictException} when another
     * write reached the log first.
     */
    CompletableFuture<DeliveryStreamMetadata> write(DeliveryStreamMetadata next) {
        return append(new ProducerRecord<>(topic, 0, DeliveryStreamLog.KEY_PREFIX + next.getName(),
                DeliveryStreamLog.encode(next))).thenApply(ignored -> {
                    DeliveryStreamMetadata now = log.stream(next.getName()).orElse(null);
                    if (now == null || !now.getIncarnation().equals(next.getIncarnation())
                            || now.getVersion() != next.getVersion()) {
                        throw new ConflictException("Delivery stream " + next.getName() + " changed concurrently");
                    }
                    return now;
                });
    }

    /**
     * Applies {@code change} to the current state of one incarnation and writes it, again on a fresh state when a
     * concurrent write won; completes with null when the incarnation is gone.
     */
    CompletableFuture<DeliveryStreamMetadata> update(String name, String incarnation,
            java.util.function.UnaryOperator<DeliveryStreamMetadata> change) {
        return updateAttempt(name, incarnation, change, 5);
    }

    private CompletableFuture<DeliveryStreamMetadata> updateAttempt(String name, String incarnation,
            java.util.function.UnaryOperator<DeliveryStreamMetadata> change, int attemptsLeft) {
        DeliveryStreamMetadata current = log.stream(name).orElse(null);
        if (current == null || !current.getIncarnation().equals(incarnation)) {
            return CompletableFuture.completedFuture(null);
        }
        DeliveryStreamMetadata next = DeliveryStreamMetadata.newBuilder(change.apply(current))
                .setVersion(current.getVersion() + 1)
                .setUpdatedAtMillis(System.currentTimeMillis())
                .build();
        return write(next).handle((written, error) -> {
            Throwable cause = error instanceof java.util.concurrent.CompletionException ? error.getCause() : error;
            if (cause instanceof ConflictException && attemptsLeft > 1) {
                return sync().thenCompose(ignored -> updateAttempt(name, incarnation, change, attemptsLeft - 1));
            }
            return error == null ? CompletableFuture.completedFuture(written)
                    : CompletableFuture.<DeliveryStreamMetadata>failedFuture(cause);
        }).thenCompose(f -> f);
    }

    /** Removes one incarnation for good (a tombstone naming it). */
    CompletableFuture<Void> remove(DeliveryStreamMetadata current) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeliveryStreamLog.INCARNATION_HEADER, current.getIncarnation().getBytes(StandardCharsets.UTF_8));
        return append(new ProducerRecord<>(topic, 0, DeliveryStreamLog.KEY_PREFIX + current.getName(), null, headers));
    }

    /** Completes once this gateway has applied everything in the topic at the time of the call. */
    CompletableFuture<Void> sync() {
        return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition)
                .toCompletionStage().toCompletableFuture()
                .thenCompose(info -> awaitApplied(info.offset()));
    }

    private CompletableFuture<Void> append(ProducerRecord<String, byte[]> record) {
        CompletableFuture<Long> written = new CompletableFuture<>();
        producer.send(record, (metadata, error) -> {
            if (error != null) {
                written.completeExceptionally(error);
            } else {
                written.complete(metadata.offset());
            }
        });
        return written.thenCompose(offset -> awaitApplied(offset + 1))
                .orTimeout(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
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
                    log.apply(record.key(), record.value(), record.headers());
                }
                long position = consumer.position(partition);
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
            LOG.error("Firehose metadata tail stopped", e);
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
        producer.close(Duration.ofSeconds(5));
    }

    /** A compare-and-set lost to a concurrent write. */
    static final class ConflictException extends RuntimeException {
        ConflictException(String message) {
            super(message, null, false, false);
        }
    }
}

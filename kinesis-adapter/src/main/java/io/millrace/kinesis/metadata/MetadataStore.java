package io.millrace.kinesis.metadata;

import io.millrace.schemas.kinesis.ClusterSecret;
import io.millrace.schemas.kinesis.StreamMetadata;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
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
 * Stream metadata kept in a compacted, single-partition Kafka topic. Every gateway tails the topic and applies it
 * through {@link MetadataLog}; a write is a record appended to the topic, and it has taken effect once this
 * gateway's tail has applied it and the view shows it. Nothing lives only in memory: the view is rebuilt from the
 * topic on start.
 */
public final class MetadataStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MetadataStore.class);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration LEASE_REFRESH = Duration.ofMillis(250);

    private final String topic;
    private final TopicPartition partition;
    private final Admin admin;
    private final MetadataLog log = new MetadataLog();
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread tail;
    private final Object appliedLock = new Object();
    private final PriorityQueue<Waiter> waiters = new PriorityQueue<>();
    private long appliedOffset = 0;
    private volatile boolean running = true;
    /** {@link System#nanoTime()} before the last completed sync asked for the log end: the view holds all before. */
    private volatile long freshAsOfNanos = Long.MIN_VALUE;
    private final java.util.concurrent.ScheduledExecutorService refresher =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "millrace-metadata-lease");
                thread.setDaemon(true);
                return thread;
            });
    private volatile Throwable tailFailure;

    private record Waiter(long offset, CompletableFuture<Void> done) implements Comparable<Waiter> {
        @Override
        public int compareTo(Waiter other) {
            return Long.compare(offset, other.offset);
        }
    }

    public MetadataStore(Map<String, Object> clientProps, Admin admin, String topic) {
        this.topic = topic;
        this.partition = new TopicPartition(topic, 0);
        this.admin = admin;

        Map<String, Object> producerProps = new HashMap<>(clientProps);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, "millrace-metadata-writer");
        this.producer = new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer());

        Map<String, Object> consumerProps = new HashMap<>(clientProps);
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, "millrace-metadata-tail");
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        this.consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new ByteArrayDeserializer());
        this.tail = new Thread(this::tailLoop, "millrace-metadata-tail");
        this.tail.setDaemon(true);
    }

    /** Creates the topic if needed, then replays it; returns once the view is up to date. */
    public void start(Duration timeout) throws Exception {
        ensureTopic();
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        tail.start();
        awaitFirstSync(timeout);
        // Keeps the routing lease fresh in the background, so the put path rarely waits for a sync itself.
        refresher.scheduleWithFixedDelay(() -> sync().exceptionally(error -> null),
                LEASE_REFRESH.toMillis(), LEASE_REFRESH.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("Metadata loaded from {}: {} streams", topic, log.streams().size());
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

    private void ensureTopic() throws Exception {
        int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
        short replication = (short) Math.max(1, Math.min(3, brokers));
        NewTopic newTopic = new NewTopic(topic, 1, replication).configs(Map.of(
                "cleanup.policy", "compact",
                "min.insync.replicas", String.valueOf(Math.min(2, (int) replication)),
                // Keep recent records uncompacted: a lost compare-and-set is repaired well within this time.
                "min.compaction.lag.ms", String.valueOf(Duration.ofMinutes(10).toMillis())));
        try {
            admin.createTopics(List.of(newTopic)).all().get(30, TimeUnit.SECONDS);
            LOG.info("Created metadata topic {} (replication {})", topic, replication);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    public MetadataLog view() {
        return log;
    }

    public Optional<StreamMetadata> stream(String name) {
        return log.stream(name);
    }

    /**
     * Appends the next state of a stream and waits until it is applied. Fails with
     * {@link MetadataConflictException} when another write reached the log first.
     */
    public CompletableFuture<StreamMetadata> write(StreamMetadata next) {
        String key = MetadataLog.STREAM_PREFIX + next.getName();
        return append(new ProducerRecord<>(topic, 0, key, MetadataLog.encode(next)))
                .thenApply(ignored -> {
                    StreamMetadata now = log.stream(next.getName()).orElse(null);
                    if (now == null || !now.getIncarnation().equals(next.getIncarnation())
                            || now.getVersion() != next.getVersion()) {
                        throw new MetadataConflictException("Stream " + next.getName() + " changed concurrently");
                    }
                    return now;
                });
    }

    /** Removes a stream incarnation for good. */
    public CompletableFuture<Void> remove(StreamMetadata current) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(MetadataLog.INCARNATION_HEADER, current.getIncarnation().getBytes(StandardCharsets.UTF_8));
        String key = MetadataLog.STREAM_PREFIX + current.getName();
        return append(new ProducerRecord<>(topic, 0, key, null, headers)).thenApply(ignored -> null);
    }

    /** The cluster-wide secret for a purpose, created by whichever gateway asks first. */
    public byte[] secret(String purpose) throws Exception {
        Optional<ClusterSecret> existing = log.secret(purpose);
        if (existing.isPresent()) {
            return bytes(existing.get());
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        ClusterSecret candidate = new ClusterSecret(purpose, java.nio.ByteBuffer.wrap(key), System.currentTimeMillis());
        append(new ProducerRecord<>(topic, 0, MetadataLog.SECRET_PREFIX + purpose, MetadataLog.encode(candidate)))
                .get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return bytes(log.secret(purpose).orElseThrow());
    }

    /** Completes once this gateway has applied everything in the topic at the time of the call. */
    public CompletableFuture<Void> sync() {
        return syncFrom(System.nanoTime());
    }

    /**
     * The routing lease: completes with a {@link System#nanoTime()} instant T such that this view holds every
     * metadata record appended before T, and T is at most {@code maxAge} old when the future completes (a sync
     * runs first when the last one is older). A reshard relies on it: once a shard is marked closing, a gateway
     * that routed with a view from before the mark did so less than a lease ago.
     */
    public CompletableFuture<Long> freshView(Duration maxAge) {
        long asOf = freshAsOfNanos;
        if (asOf != Long.MIN_VALUE && System.nanoTime() - asOf <= maxAge.toNanos()) {
            return CompletableFuture.completedFuture(asOf);
        }
        long start = System.nanoTime();
        return syncFrom(start).thenApply(ignored -> start);
    }

    private CompletableFuture<Void> syncFrom(long startNanos) {
        return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition)
                .toCompletionStage().toCompletableFuture()
                .thenCompose(info -> awaitApplied(info.offset()))
                .thenRun(() -> {
                    synchronized (appliedLock) {
                        if (freshAsOfNanos == Long.MIN_VALUE || startNanos - freshAsOfNanos > 0) {
                            freshAsOfNanos = startNanos;
                        }
                    }
                });
    }

    /**
     * Writes again the current state of every key whose last record lost a compare-and-set (see
     * {@link MetadataLog}). Any gateway may do it; identical repairs are harmless.
     */
    public void repair() {
        for (String key : log.keysToRepair()) {
            if (key.startsWith(MetadataLog.STREAM_PREFIX)) {
                String name = key.substring(MetadataLog.STREAM_PREFIX.length());
                Optional<StreamMetadata> current = log.stream(name);
                if (current.isPresent()) {
                    producer.send(new ProducerRecord<>(topic, 0, key, MetadataLog.encode(current.get())));
                } else {
                    producer.send(new ProducerRecord<>(topic, 0, key, null));
                }
            } else if (key.startsWith(MetadataLog.SECRET_PREFIX)) {
                log.secret(key.substring(MetadataLog.SECRET_PREFIX.length())).ifPresent(secret ->
                        producer.send(new ProducerRecord<>(topic, 0, key, MetadataLog.encode(secret))));
            }
        }
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
                    if (record.key() != null) {
                        log.apply(record.key(), record.value(), record.headers());
                    }
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
            LOG.error("Metadata tail stopped", e);
            synchronized (appliedLock) {
                tailFailure = e;
                waiters.forEach(waiter -> waiter.done().completeExceptionally(e));
                waiters.clear();
            }
        } finally {
            consumer.close(Duration.ofSeconds(1));
        }
    }

    private static byte[] bytes(ClusterSecret secret) {
        java.nio.ByteBuffer buffer = secret.getKey().duplicate();
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        return out;
    }

    @Override
    public void close() {
        refresher.shutdownNow();
        running = false;
        consumer.wakeup();
        try {
            tail.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }

}

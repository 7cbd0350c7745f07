package io.millrace.kinesis.lifecycle;

import io.millrace.kinesis.metadata.MetadataStore;
import io.millrace.kinesis.metadata.StreamUpdater;
import io.millrace.kinesis.model.TopicNames;
import io.millrace.kinesis.storage.StreamTopics;
import io.millrace.schemas.kinesis.StreamMetadata;
import io.millrace.schemas.kinesis.StreamStatus;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.UnknownServerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries streams through the states that need work in Kafka: CREATING (create the topic, then ACTIVE),
 * UPDATING (finish the reshard round in progress, see {@link Resharder}) and DELETING (delete the topic, then
 * remove the metadata). Each step is idempotent and driven by the metadata alone,
 * so any gateway may run it, and a gateway that crashed half-way leaves work that the next pass finishes.
 */
public final class StreamReconciler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamReconciler.class);
    /** How often topics' retention settings are checked against the metadata (see {@link RetentionAudit}). */
    private static final Duration RETENTION_AUDIT = Duration.ofMinutes(5);

    private final MetadataStore store;
    private final StreamUpdater updater;
    private final StreamTopics topics;
    private final Consumer<String> onDeleted;
    private final ScheduledExecutorService schedule;
    private final ExecutorService workers;
    private final ConcurrentHashMap<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();
    private final Resharder resharder;

    public StreamReconciler(
            MetadataStore store, StreamUpdater updater, StreamTopics topics, Consumer<String> onDeleted) {
        this.store = store;
        this.updater = updater;
        this.topics = topics;
        this.onDeleted = onDeleted;
        this.schedule = Executors.newSingleThreadScheduledExecutor(daemon("millrace-reconciler"));
        this.workers = Executors.newFixedThreadPool(2, daemon("millrace-reconciler-worker"));
        this.resharder = new Resharder(store, updater, topics, schedule, this::reconcile, java.time.Clock.systemUTC());
    }

    /** Runs {@code task} every {@code period} on this reconciler's thread, until it closes. */
    public void every(Duration period, Runnable task) {
        schedule.scheduleWithFixedDelay(task, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts reshard rounds; this reconciler finishes them, here or after a crash on any gateway. */
    public Resharder resharder() {
        return resharder;
    }

    public void start(Duration period) {
        schedule.scheduleWithFixedDelay(this::pass, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        // Off the pass's thread: describing every topic's config must not delay CREATING/DELETING work.
        RetentionAudit audit = new RetentionAudit(store, topics);
        schedule.scheduleWithFixedDelay(
                () -> {
                    try {
                        workers.execute(audit);
                    } catch (java.util.concurrent.RejectedExecutionException e) {
                        // Closing.
                    }
                },
                0,
                RETENTION_AUDIT.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Runs one pass over every stream that needs work, then repairs lost metadata writes. */
    void pass() {
        try {
            List<StreamMetadata> pending = store.streams().stream()
                    .filter(s -> s.getStatus() != StreamStatus.ACTIVE)
                    .toList();
            for (StreamMetadata stream : pending) {
                reconcile(stream.getName());
            }
            store.repair();
        } catch (RuntimeException e) {
            LOG.warn("Reconciliation pass failed: {}", e.toString());
        }
    }

    /** Starts (or joins) the work a stream needs now; completes when it is done. */
    public CompletableFuture<Void> reconcile(String name) {
        // The entry is removed by the worker itself, before completing: removing it from a completion callback
        // could run inside the map insertion when the step is quick, and leave a completed future in the map
        // that every later call would join instead of doing the work.
        CompletableFuture<Void> started = new CompletableFuture<>();
        CompletableFuture<Void> running = inFlight.putIfAbsent(name, started);
        if (running != null) {
            return running;
        }
        try {
            workers.execute(() -> {
                try {
                    step(name);
                } finally {
                    inFlight.remove(name, started);
                    started.complete(null);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            inFlight.remove(name, started);
            started.completeExceptionally(e);
        }
        return started;
    }

    private void step(String name) {
        StreamMetadata stream = store.stream(name).orElse(null);
        if (stream == null) {
            return;
        }
        try {
            if (stream.getStatus() == StreamStatus.CREATING) {
                create(stream);
            } else if (stream.getStatus() == StreamStatus.UPDATING) {
                resharder.finish(name);
            } else if (stream.getStatus() == StreamStatus.DELETING) {
                topics.delete(stream.getTopic()).get(60, TimeUnit.SECONDS);
                store.remove(stream).get(60, TimeUnit.SECONDS);
                onDeleted.accept(name);
                LOG.info("Stream {} deleted (topic {})", name, stream.getTopic());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("Stream {} stays {} for now: {}", name, stream.getStatus(), e.toString());
        }
    }

    /**
     * CREATING: creates the topic, then marks the stream ACTIVE. A topic name taken meanwhile (another stream's
     * colliding topic created by another gateway at the same moment, or a foreign topic) moves the stream to a
     * fresh topic name, free while it is CREATING since it holds no data yet. An error Kafka says retrying cannot
     * fix (an invalid name, a policy, an impossible replication factor) fails the creation: the stream is removed
     * and the reason logged, rather than left CREATING forever, which no API call could undo (AWS refuses
     * DeleteStream on a CREATING stream).
     */
    private void create(StreamMetadata stream) throws Exception {
        String name = stream.getName();
        try {
            topics.create(
                            stream.getTopic(),
                            stream.getShards().size(),
                            Duration.ofHours(stream.getRetentionHours()).toMillis())
                    .get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof StreamTopics.TopicTakenException) {
                moveTopic(stream, cause.getMessage());
                return;
            }
            // UnknownServerException says nothing about the request: retried like a transient failure.
            if (cause instanceof ApiException kafka
                    && !(kafka instanceof RetriableException)
                    && !(kafka instanceof UnknownServerException)) {
                LOG.error(
                        "Stream {} cannot be created, removing it: Kafka refused topic {}: {}",
                        name,
                        stream.getTopic(),
                        cause.toString());
                store.remove(stream).get(60, TimeUnit.SECONDS);
                onDeleted.accept(name);
                return;
            }
            throw e;
        }
        // ACTIVE promises a stream that takes writes: its partitions must be served first.
        topics.awaitServed(stream.getTopic(), stream.getShards().size(), Duration.ofSeconds(10));
        updater.update(
                name,
                next -> {
                    if (!next.getIncarnation().equals(stream.getIncarnation())
                            || next.getStatus() != StreamStatus.CREATING
                            || !next.getTopic().equals(stream.getTopic())) {
                        throw new IllegalStateException("no longer creating");
                    }
                    next.setStatus(StreamStatus.ACTIVE);
                },
                missing());
        LOG.info(
                "Stream {} is ACTIVE ({} shards, topic {})",
                name,
                stream.getShards().size(),
                stream.getTopic());
    }

    private void moveTopic(StreamMetadata stream, String reason) throws Exception {
        Set<String> taken = new HashSet<>(topics.names().get(60, TimeUnit.SECONDS));
        store.streams().forEach(s -> taken.add(s.getTopic()));
        String base = stream.getTopic();
        String topic = TopicNames.choose(
                base, taken, () -> UUID.randomUUID().toString().substring(0, 8));
        updater.update(
                stream.getName(),
                next -> {
                    if (!next.getIncarnation().equals(stream.getIncarnation())
                            || next.getStatus() != StreamStatus.CREATING
                            || !next.getTopic().equals(base)) {
                        throw new IllegalStateException("no longer creating on topic " + base);
                    }
                    next.setTopic(topic);
                },
                missing());
        LOG.info("Stream {} moves to topic {}: {}", stream.getName(), topic, reason);
        reconcileLater(stream.getName());
    }

    /** Soon, once this step has left the in-flight map (the periodic pass would also get to it). */
    private void reconcileLater(String name) {
        schedule.schedule(() -> reconcile(name), 100, TimeUnit.MILLISECONDS);
    }

    private static Function<String, RuntimeException> missing() {
        return name -> new IllegalStateException("stream " + name + " vanished");
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        schedule.shutdownNow();
        workers.shutdownNow();
    }
}

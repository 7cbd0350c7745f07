package io.millrace.gateway.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Offsets of partitions (a log's end, the first record at or after a time) asked of their leaders by a Kafka
 * consumer of its own, each lookup bounded by a timeout.
 *
 * <p>Not the admin client: Kafka 4.2's admin client caches partition leaders, and when a cached leader's broker
 * leaves the cluster (killed, then fenced by the controller) it keeps routing ListOffsets to it without asking for
 * the new leader, until {@code default.api.timeout.ms} (60 s) fails the call with "Timed out waiting for a node
 * assignment" (KAFKA-20673, fixed after 4.2.1). A consumer asks its metadata for the leader on every retry, so it
 * follows a new leader as soon as the controller elects one. A lookup that does not finish in time fails with
 * Kafka's {@link TimeoutException}, a retriable error the APIs answer as such, instead of holding a caller.
 *
 * <p>One thread owns the consumer (which is not thread-safe); lookups queued meanwhile go together, and the log-end
 * lookups of one pass share one request: under load a gateway's many syncs cost one ListOffsets per round trip.
 */
public final class OffsetLookups implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Duration timeout;
    private final LinkedBlockingQueue<Lookup> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    /** A lookup: the end of {@code partitions}, or the first offset at {@code timestamp} of the one partition. */
    private record Lookup(
            Set<TopicPartition> partitions, Long timestamp, CompletableFuture<Map<TopicPartition, Long>> done) {}

    /**
     * @param clientProps the Kafka client settings (bootstrap servers, security) of the caller
     * @param clientName names the consumer and its thread, e.g. {@code millrace-metadata-ends}
     * @param timeout how long one lookup may take before it fails
     */
    public OffsetLookups(Map<String, Object> clientProps, String clientName, Duration timeout) {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientName);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // The high watermark, as the admin client's OffsetSpec.latest() gives: what acks=all writers were told.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.timeout = timeout;
        this.thread = new Thread(this::serve, clientName);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** The log end (the high watermark) of {@code partition}, at least as of the call. */
    public CompletableFuture<Long> end(TopicPartition partition) {
        return ends(List.of(partition)).thenApply(ends -> ends.get(partition));
    }

    /** The log ends of {@code partitions}, at least as of the call. */
    public CompletableFuture<Map<TopicPartition, Long>> ends(Collection<TopicPartition> partitions) {
        return submit(new Lookup(Set.copyOf(partitions), null, new CompletableFuture<>()));
    }

    /**
     * The offset of the first record of {@code partition} whose timestamp is at or after {@code timestamp}, or
     * -1 when there is none (every record is older).
     */
    public CompletableFuture<Long> firstAtOrAfter(TopicPartition partition, long timestamp) {
        return submit(new Lookup(Set.of(partition), timestamp, new CompletableFuture<>()))
                .thenApply(found -> found.get(partition));
    }

    private CompletableFuture<Map<TopicPartition, Long>> submit(Lookup lookup) {
        if (!running) {
            lookup.done().completeExceptionally(new IllegalStateException("offset lookups closed"));
        } else {
            queue.add(lookup);
        }
        return lookup.done();
    }

    private void serve() {
        try {
            while (running) {
                Lookup first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                List<Lookup> pass = new ArrayList<>(List.of(first));
                queue.drainTo(pass);
                List<Lookup> endLookups = new ArrayList<>();
                for (Lookup lookup : pass) {
                    if (lookup.timestamp() == null) {
                        endLookups.add(lookup);
                    } else {
                        run(List.of(lookup), this::offsetForTime);
                    }
                }
                if (!endLookups.isEmpty()) {
                    run(endLookups, this::endsOf);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            failPending();
            consumer.close(Duration.ofSeconds(1));
        }
    }

    /** Runs one Kafka request for {@code lookups} and hands each its part of the answer, or the error to all. */
    private void run(List<Lookup> lookups, Function<List<Lookup>, Map<TopicPartition, Long>> request) {
        Map<TopicPartition, Long> answer;
        try {
            answer = request.apply(lookups);
        } catch (KafkaException e) {
            lookups.forEach(lookup -> lookup.done().completeExceptionally(e));
            return;
        }
        for (Lookup lookup : lookups) {
            Map<TopicPartition, Long> own = new HashMap<>();
            lookup.partitions().forEach(partition -> own.put(partition, answer.get(partition)));
            lookup.done().complete(own);
        }
    }

    private Map<TopicPartition, Long> endsOf(List<Lookup> lookups) {
        Set<TopicPartition> partitions = new HashSet<>();
        lookups.forEach(lookup -> partitions.addAll(lookup.partitions()));
        assignOnly(partitions);
        return consumer.endOffsets(partitions, timeout);
    }

    private Map<TopicPartition, Long> offsetForTime(List<Lookup> lookups) {
        Lookup lookup = lookups.get(0);
        TopicPartition partition = lookup.partitions().iterator().next();
        assignOnly(Set.of(partition));
        OffsetAndTimestamp found = consumer.offsetsForTimes(Map.of(partition, lookup.timestamp()), timeout)
                .get(partition);
        Map<TopicPartition, Long> answer = new HashMap<>();
        answer.put(partition, found == null ? -1L : found.offset());
        return answer;
    }

    /**
     * Assigns the partitions asked about, and only those: the consumer never polls, so this costs no fetch, but
     * Kafka logs a warning for every answer about a partition its consumer is not assigned.
     */
    private void assignOnly(Set<TopicPartition> partitions) {
        if (!consumer.assignment().equals(partitions)) {
            consumer.assign(partitions);
        }
    }

    private void failPending() {
        List<Lookup> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(lookup -> lookup.done().completeExceptionally(new IllegalStateException("offset lookups closed")));
    }

    @Override
    public void close() {
        running = false;
        // Ends a lookup under way with a WakeupException, failed to its callers like any Kafka error.
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

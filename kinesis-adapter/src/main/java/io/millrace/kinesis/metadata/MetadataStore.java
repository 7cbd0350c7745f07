package io.millrace.kinesis.metadata;

import io.millrace.gateway.store.CompactedTopicLog;
import io.millrace.schemas.kinesis.ClusterSecret;
import io.millrace.schemas.kinesis.StreamMetadata;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.header.internals.RecordHeaders;
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

    private final MetadataLog log = new MetadataLog();
    private final CompactedTopicLog topicLog;
    private final Object freshLock = new Object();
    /** {@link System#nanoTime()} before the last completed sync asked for the log end: the view holds all before. */
    private volatile long freshAsOfNanos = Long.MIN_VALUE;
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "millrace-metadata-lease");
        thread.setDaemon(true);
        return thread;
    });

    public MetadataStore(Map<String, Object> clientProps, Admin admin, String topic) {
        this.topicLog = new CompactedTopicLog(clientProps, admin, topic, "millrace-metadata", log::apply);
    }

    /** Creates the topic if needed, then replays it; returns once the view is up to date. */
    public void start(Duration timeout) throws Exception {
        topicLog.start(timeout);
        // Keeps the routing lease fresh in the background, so the put path rarely waits for a sync itself.
        refresher.scheduleWithFixedDelay(() -> sync().exceptionally(error -> null),
                LEASE_REFRESH.toMillis(), LEASE_REFRESH.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("Metadata loaded from {}: {} streams", topicLog.topic(), log.streams().size());
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
        return topicLog.append(key, MetadataLog.encode(next), null)
                .thenApply(ignored -> {
                    StreamMetadata now = log.stream(next.getName()).orElse(null);
                    // Our own record: another writer's record of the same version may have won instead.
                    if (!next.equals(now)) {
                        throw new MetadataConflictException("Stream " + next.getName() + " changed concurrently");
                    }
                    return now;
                });
    }

    /** Removes a stream incarnation for good. */
    public CompletableFuture<Void> remove(StreamMetadata current) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(MetadataLog.INCARNATION_HEADER, current.getIncarnation().getBytes(StandardCharsets.UTF_8));
        return topicLog.append(MetadataLog.STREAM_PREFIX + current.getName(), null, headers);
    }

    /** The cluster-wide secret for a purpose, created by whichever gateway asks first. */
    public byte[] secret(String purpose) throws Exception {
        Optional<ClusterSecret> existing = log.secret(purpose);
        if (existing.isPresent()) {
            return bytes(existing.get());
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        ClusterSecret candidate = new ClusterSecret(purpose, ByteBuffer.wrap(key), System.currentTimeMillis());
        topicLog.append(MetadataLog.SECRET_PREFIX + purpose, MetadataLog.encode(candidate), null)
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
        return topicLog.sync().thenRun(() -> {
            synchronized (freshLock) {
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
                topicLog.appendQuietly(key, log.stream(name).map(MetadataLog::encode).orElse(null));
            } else if (key.startsWith(MetadataLog.SECRET_PREFIX)) {
                log.secret(key.substring(MetadataLog.SECRET_PREFIX.length()))
                        .ifPresent(secret -> topicLog.appendQuietly(key, MetadataLog.encode(secret)));
            }
        }
    }

    private static byte[] bytes(ClusterSecret secret) {
        ByteBuffer buffer = secret.getKey().duplicate();
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        return out;
    }

    @Override
    public void close() {
        refresher.shutdownNow();
        topicLog.close();
    }
}

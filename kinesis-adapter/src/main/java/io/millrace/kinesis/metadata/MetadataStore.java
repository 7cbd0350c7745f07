package io.millrace.kinesis.metadata;

import io.millrace.gateway.store.NamedRecordFormat;
import io.millrace.gateway.store.VersionConflictException;
import io.millrace.gateway.store.VersionedStore;
import io.millrace.gateway.store.VersionedTopic;
import io.millrace.schemas.MetadataDecoders;
import io.millrace.schemas.kinesis.ClusterSecret;
import io.millrace.schemas.kinesis.StreamMetadata;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stream metadata and cluster secrets, two key spaces of the compacted, single-partition metadata topic that every
 * gateway tails (see {@link io.millrace.gateway.store.VersionedView} for the compare-and-set rules). A write has
 * taken effect once this gateway's tail has applied it; nothing lives only in memory: the view is rebuilt from the
 * topic on start. On top of the generic store: the routing lease ({@link #freshView}) and the repair of lost writes.
 */
public final class MetadataStore implements AutoCloseable {

    /** Stream metadata: key {@code stream/<name>}, an Avro {@link StreamMetadata} read through its schema history. */
    public static final NamedRecordFormat<StreamMetadata> STREAMS = new NamedRecordFormat<>(
            "stream/",
            StreamMetadata::toByteBuffer,
            MetadataDecoders::stream,
            StreamMetadata::getName,
            StreamMetadata::getVersion,
            StreamMetadata::getIncarnation);
    /**
     * Cluster secrets: key {@code secret/<purpose>}. A secret never changes: every record has the same version, so
     * the first one applied wins and a different one written concurrently loses.
     */
    public static final NamedRecordFormat<ClusterSecret> SECRETS = new NamedRecordFormat<>(
            "secret/",
            ClusterSecret::toByteBuffer,
            MetadataDecoders::secret,
            ClusterSecret::getPurpose,
            secret -> 1,
            secret -> null);

    private static final Logger LOG = LoggerFactory.getLogger(MetadataStore.class);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration LEASE_REFRESH = Duration.ofMillis(250);

    private final VersionedTopic topic;
    private final VersionedStore<StreamMetadata> streams;
    private final VersionedStore<ClusterSecret> secrets;
    private final Object freshLock = new Object();
    /** {@link System#nanoTime()} before the last completed sync asked for the log end: the view holds all before. */
    private volatile long freshAsOfNanos = Long.MIN_VALUE;

    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "millrace-metadata-lease");
        thread.setDaemon(true);
        return thread;
    });

    public MetadataStore(Map<String, Object> clientProps, Admin admin, String topic) {
        this.topic = new VersionedTopic(clientProps, admin, topic, "millrace-metadata");
        this.streams = this.topic.keySpace(STREAMS);
        this.secrets = this.topic.keySpace(SECRETS);
    }

    /** Creates the topic if needed, then replays it; returns once the view is up to date. */
    public void start(Duration timeout) throws Exception {
        topic.start(timeout);
        // Keeps the routing lease fresh in the background, so the put path rarely waits for a sync itself.
        refresher.scheduleWithFixedDelay(
                () -> sync().exceptionally(error -> null),
                LEASE_REFRESH.toMillis(),
                LEASE_REFRESH.toMillis(),
                TimeUnit.MILLISECONDS);
        LOG.info("Metadata loaded from {}: {} streams", topic.topic(), streams().size());
    }

    public Optional<StreamMetadata> stream(String name) {
        return streams.get(STREAMS.key(name));
    }

    /** Streams in name order, as ListStreams pages through them. */
    public Collection<StreamMetadata> streams() {
        return streams.values();
    }

    /** Calls {@code listener} with the name of every stream whose metadata changes, on the tail's thread. */
    public void onStreamChange(Consumer<String> listener) {
        streams.view().onChange(key -> listener.accept(STREAMS.name(key)));
    }

    /**
     * Appends the next state of a stream and waits until it is applied. Fails with
     * {@link VersionConflictException} when another write reached the log first.
     */
    public CompletableFuture<StreamMetadata> write(StreamMetadata next) {
        return streams.write(STREAMS.key(next.getName()), next);
    }

    /** Read-modify-write of one stream, retried on conflicts (see {@link VersionedStore#update}). */
    CompletableFuture<StreamMetadata> update(String name, UnaryOperator<StreamMetadata> change) {
        return streams.update(STREAMS.key(name), change);
    }

    /** Removes a stream incarnation for good. */
    public CompletableFuture<Void> remove(StreamMetadata current) {
        return streams.remove(STREAMS.key(current.getName()), current);
    }

    /** The cluster-wide secret for a purpose, created by whichever gateway asks first. */
    public byte[] secret(String purpose) throws Exception {
        String key = SECRETS.key(purpose);
        Optional<ClusterSecret> existing = secrets.get(key);
        if (existing.isPresent()) {
            return bytes(existing.get());
        }
        byte[] candidate = new byte[32];
        new SecureRandom().nextBytes(candidate);
        try {
            secrets.write(key, new ClusterSecret(purpose, ByteBuffer.wrap(candidate), System.currentTimeMillis()))
                    .get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            // A concurrent first secret won instead of ours: the one applied is the cluster's.
            if (!(e.getCause() instanceof VersionConflictException)) {
                throw e;
            }
        }
        return bytes(secrets.get(key).orElseThrow());
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
        return topic.sync().thenRun(() -> {
            synchronized (freshLock) {
                if (freshAsOfNanos == Long.MIN_VALUE || startNanos - freshAsOfNanos > 0) {
                    freshAsOfNanos = startNanos;
                }
            }
        });
    }

    /**
     * Writes again the current state of every stream and secret whose last record lost a compare-and-set, so that
     * compaction keeps the winner. Any gateway may do it; identical repairs are harmless.
     */
    public void repair() {
        streams.repair();
        secrets.repair();
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
        topic.close();
    }
}

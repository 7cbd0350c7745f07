package io.millrace.gateway.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * One key space of a {@link VersionedTopic}: values every gateway sees alike, written with compare-and-set on their
 * version. A write is a record appended to the topic; it has taken effect once this gateway's tail has applied it,
 * and it won when its own record set the value.
 *
 * @param <V> the value type its {@link RecordFormat} encodes
 */
public final class VersionedStore<V> {

    /** The header of a tombstone naming the incarnation it removes. */
    public static final String INCARNATION_HEADER = "millrace.incarnation";
    /**
     * Attempts of a read-modify-write before the conflict reaches the caller: each lost attempt means another write
     * of the same key won meanwhile, so a few cover any realistic contention on one entry.
     */
    static final int UPDATE_ATTEMPTS = 8;

    private final CompactedTopicLog log;
    private final VersionedView<V> view;
    /** Keys this gateway is writing, with the outcome of each record of them applied meanwhile, by offset. */
    private final Map<String, PendingWrites> pending = new HashMap<>();

    private static final class PendingWrites {
        int writers;
        final Map<Long, Boolean> wonByOffset = new HashMap<>();
    }

    VersionedStore(CompactedTopicLog log, VersionedView<V> view) {
        this.log = log;
        this.view = view;
    }

    /** Applies the record at {@code offset}, on the tail's thread, noting whether it won for a writer waiting. */
    void apply(long offset, String key, byte[] value, Headers headers) {
        view.apply(offset, key, value, headers);
        synchronized (pending) {
            PendingWrites writes = pending.get(key);
            if (writes != null) {
                writes.wonByOffset.put(offset, view.setAt(key) == offset);
            }
        }
    }

    boolean owns(String key) {
        return view.owns(key);
    }

    public VersionedView<V> view() {
        return view;
    }

    public Optional<V> get(String key) {
        return view.get(key);
    }

    /** Values in key order. */
    public Collection<V> values() {
        return view.values();
    }

    /**
     * Appends {@code next} (whose version is the one after the state it was computed from, or the first of a new
     * incarnation) and waits until it is applied here. Completes with {@code next}, or fails with
     * {@link VersionConflictException} when another write reached the log first. Whether it won is told by the
     * offset of the record that set the value, not by comparing values: two writers may compute the same value
     * from the same state, and only one of them may count as done.
     */
    public CompletableFuture<V> write(String key, V next) {
        byte[] bytes = encode(next);
        synchronized (pending) {
            pending.computeIfAbsent(key, k -> new PendingWrites()).writers++;
        }
        return log.append(key, bytes, null)
                .thenApply(offset -> {
                    if (!wonAndForget(key, offset)) {
                        throw new VersionConflictException(key);
                    }
                    return next;
                })
                .whenComplete((written, error) -> {
                    synchronized (pending) {
                        PendingWrites writes = pending.get(key);
                        if (--writes.writers == 0) {
                            pending.remove(key);
                        }
                    }
                });
    }

    private boolean wonAndForget(String key, long offset) {
        synchronized (pending) {
            return Boolean.TRUE.equals(pending.get(key).wonByOffset.remove(offset));
        }
    }

    /**
     * Read-modify-write: applies {@code change} to the current state (null when the key is empty) and writes the
     * result, again on a fresh state each time a concurrent write wins. {@code change} returns null to write nothing,
     * and the future then completes with the current state; it may throw to refuse the change, which fails the
     * future. Retries run off the log's tail thread, so that {@code change} never delays it.
     */
    public CompletableFuture<V> update(String key, UnaryOperator<V> change) {
        return attempt(key, change, UPDATE_ATTEMPTS);
    }

    private CompletableFuture<V> attempt(String key, UnaryOperator<V> change, int attemptsLeft) {
        V current = view.get(key).orElse(null);
        V next;
        try {
            next = change.apply(current);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (next == null) {
            return CompletableFuture.completedFuture(current);
        }
        return write(key, next)
                .handle((written, error) -> {
                    Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                    if (cause instanceof VersionConflictException && attemptsLeft > 1) {
                        // A failed sync only costs another conflict: the next attempt reads whatever view there is.
                        return sync().handle((synced, ignored) -> null)
                                .thenComposeAsync(ignored -> attempt(key, change, attemptsLeft - 1));
                    }
                    return error == null
                            ? CompletableFuture.completedFuture(written)
                            : CompletableFuture.<V>failedFuture(cause);
                })
                .thenCompose(result -> result);
    }

    /** Removes {@code current} for good: a tombstone naming its incarnation, if it has one. */
    public CompletableFuture<Void> remove(String key, V current) {
        String incarnation = current == null ? null : view.format().incarnation(current);
        RecordHeaders headers = null;
        if (incarnation != null) {
            headers = new RecordHeaders();
            headers.add(INCARNATION_HEADER, incarnation.getBytes(StandardCharsets.UTF_8));
        }
        return log.append(key, null, headers).thenAccept(offset -> {});
    }

    /**
     * Writes again the current state of every key whose last record lost a compare-and-set (a tombstone where the
     * key is empty), so that compaction keeps the winner. Any gateway may do it; identical repairs are harmless.
     */
    public void repair() {
        for (String key : view.keysToRepair()) {
            log.appendQuietly(key, view.get(key).map(this::encode).orElse(null));
        }
    }

    /** Completes once this gateway has applied everything in the topic at the time of the call. */
    public CompletableFuture<Void> sync() {
        return log.sync();
    }

    private byte[] encode(V value) {
        try {
            ByteBuffer buffer = view.format().encode(value);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.millrace.gateway.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state machine every gateway runs over one key space of a compacted topic, record by record in log order, so
 * that all reach the same view. Each write is a compare-and-set: a value applies only on top of the version before
 * it of the same incarnation (or, when the key is empty, as any version of an incarnation never seen deleted:
 * compaction may have removed the versions before it); a tombstone only to the incarnation its
 * {@value VersionedStore#INCARNATION_HEADER} header names. Records that lose are ignored and their key is marked for
 * repair: compaction keeps only a key's last record, and a gateway starting later must rebuild the same view from it.
 * <p>
 * A record that cannot be decoded is skipped with one log line naming its key, and the key keeps its state: it may
 * have been written by a newer release, and neither dropping the key nor repairing over it would be safe.
 */
public final class VersionedView<V> {

    private static final Logger LOG = LoggerFactory.getLogger(VersionedView.class);

    private final RecordFormat<V> format;
    private final ConcurrentSkipListMap<String, V> values = new ConcurrentSkipListMap<>();
    /** The offset of the record that set each key's value: a writer won when it is its own record's. */
    private final Map<String, Long> setAt = new ConcurrentHashMap<>();
    /** Incarnations seen deleted: a late update to one of them must not bring it back. */
    private final Map<String, Boolean> deletedIncarnations = new ConcurrentHashMap<>();

    private final Map<String, Boolean> keysToRepair = new ConcurrentHashMap<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    public VersionedView(RecordFormat<V> format) {
        this.format = format;
    }

    public RecordFormat<V> format() {
        return format;
    }

    public boolean owns(String key) {
        return format.owns(key);
    }

    /** Applies a record whose offset does not matter (a replay outside a topic, as in tests). */
    public boolean apply(String key, byte[] value, Headers headers) {
        return apply(-1, key, value, headers);
    }

    /**
     * Applies the record at {@code offset} of the log (a null value is a tombstone); returns whether it changed the
     * view or re-published its current state.
     */
    public boolean apply(long offset, String key, byte[] value, Headers headers) {
        boolean applied;
        if (value == null) {
            applied = applyTombstone(key, header(headers));
        } else {
            V next;
            try {
                next = format.decode(ByteBuffer.wrap(value));
            } catch (IOException | RuntimeException e) {
                LOG.warn("Skipped the record of {}: it cannot be decoded ({})", key, e.toString());
                return false;
            }
            applied = applyValue(offset, key, next);
        }
        if (applied) {
            keysToRepair.remove(key);
            listeners.forEach(listener -> listener.accept(key));
        }
        return applied;
    }

    private boolean applyValue(long offset, String key, V next) {
        if (!format.fits(key, next)) {
            return reject(key);
        }
        V current = values.get(key);
        String incarnation = format.incarnation(next);
        boolean accepted;
        if (current == null) {
            accepted = incarnation == null || !deletedIncarnations.containsKey(incarnation);
        } else if (Objects.equals(format.incarnation(current), incarnation)) {
            long version = format.version(current);
            if (format.version(next) == version) {
                // A repair re-publishing the current state: harmless when identical.
                return current.equals(next) || reject(key);
            }
            accepted = format.version(next) == version + 1;
        } else {
            accepted = false;
        }
        if (!accepted) {
            return reject(key);
        }
        values.put(key, next);
        setAt.put(key, offset);
        return true;
    }

    private boolean applyTombstone(String key, String incarnation) {
        V current = values.get(key);
        if (current == null) {
            if (incarnation != null) {
                deletedIncarnations.put(incarnation, true);
            }
            keysToRepair.remove(key);
            return false;
        }
        String currentIncarnation = format.incarnation(current);
        if (currentIncarnation != null && !currentIncarnation.equals(incarnation)) {
            return reject(key);
        }
        values.remove(key);
        setAt.remove(key);
        if (currentIncarnation != null) {
            deletedIncarnations.put(currentIncarnation, true);
        }
        return true;
    }

    private boolean reject(String key) {
        keysToRepair.put(key, true);
        return false;
    }

    public Optional<V> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** Values in key order. */
    public Collection<V> values() {
        return values.values();
    }

    /** Values whose key starts with {@code prefix}, in key order. */
    public Collection<V> withPrefix(String prefix) {
        return values.subMap(prefix, prefix + Character.MAX_VALUE).values();
    }

    /** The offset of the record that set the value of {@code key}, or -1 when it is empty. */
    long setAt(String key) {
        return setAt.getOrDefault(key, -1L);
    }

    public boolean isDeletedIncarnation(String incarnation) {
        return deletedIncarnations.containsKey(incarnation);
    }

    /** Keys whose last record in the log lost its compare-and-set; their current state must be written again. */
    public Collection<String> keysToRepair() {
        return List.copyOf(keysToRepair.keySet());
    }

    /** Calls {@code listener} with the key of every record that changes the view, on the tail's thread. */
    public void onChange(Consumer<String> listener) {
        listeners.add(listener);
    }

    private static String header(Headers headers) {
        Header header = headers == null ? null : headers.lastHeader(VersionedStore.INCARNATION_HEADER);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

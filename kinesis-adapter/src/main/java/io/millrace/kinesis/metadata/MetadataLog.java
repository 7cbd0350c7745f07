package io.millrace.kinesis.metadata;

import io.millrace.schemas.MetadataDecoders;
import io.millrace.schemas.kinesis.ClusterSecret;
import io.millrace.schemas.kinesis.StreamMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The state machine every gateway runs over the metadata topic, record by record in log order, so that all reach
 * the same view. Each write is a compare-and-set: a stream record applies only on top of the version before it
 * (and of the same incarnation), a tombstone only to the incarnation it names, a secret only when none exists.
 * Records that lose are ignored, and the key is marked for repair so that the log's last record for a key always
 * holds the winning state: compaction keeps only that last record, and a gateway starting later must rebuild the
 * same view from it.
 */
public final class MetadataLog {

    public static final String STREAM_PREFIX = "stream/";
    public static final String SECRET_PREFIX = "secret/";
    public static final String INCARNATION_HEADER = "millrace.incarnation";


    private final ConcurrentSkipListMap<String, StreamMetadata> streams = new ConcurrentSkipListMap<>();
    private final Map<String, ClusterSecret> secrets = new ConcurrentHashMap<>();
    /** Incarnations seen deleted: a late update to one of them must not bring the stream back. */
    private final Map<String, Boolean> deletedIncarnations = new ConcurrentHashMap<>();
    private final Map<String, Boolean> keysToRepair = new ConcurrentHashMap<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    /** Applies one record of the log; returns whether it changed the view. */
    public boolean apply(String key, byte[] value, Headers headers) {
        boolean applied;
        if (key.startsWith(STREAM_PREFIX)) {
            String name = key.substring(STREAM_PREFIX.length());
            applied = value == null ? applyTombstone(name, headers) : applyStream(name, decodeStream(value));
        } else if (key.startsWith(SECRET_PREFIX) && value != null) {
            applied = applySecret(key.substring(SECRET_PREFIX.length()), decodeSecret(value));
        } else {
            return false;
        }
        if (applied) {
            keysToRepair.remove(key);
            listeners.forEach(listener -> listener.accept(key));
        }
        return applied;
    }

    private boolean applyStream(String name, StreamMetadata next) {
        if (next == null || !name.equals(next.getName())) {
            keysToRepair.put(STREAM_PREFIX + name, true);
            return false;
        }
        StreamMetadata current = streams.get(name);
        boolean accepted;
        if (current == null) {
            // Compaction may have removed the versions before this one: any version of a live incarnation is a base.
            accepted = !deletedIncarnations.containsKey(next.getIncarnation());
        } else if (current.getIncarnation().equals(next.getIncarnation())) {
            if (current.getVersion() == next.getVersion()) {
                // A repair re-publishing the current state: harmless when identical.
                return current.equals(next) || reject(name);
            }
            accepted = next.getVersion() == current.getVersion() + 1;
        } else {
            accepted = false;
        }
        if (!accepted) {
            return reject(name);
        }
        streams.put(name, next);
        return true;
    }

    private boolean applyTombstone(String name, Headers headers) {
        StreamMetadata current = streams.get(name);
        String incarnation = header(headers, INCARNATION_HEADER);
        if (current == null) {
            if (incarnation != null) {
                deletedIncarnations.put(incarnation, true);
            }
            keysToRepair.remove(STREAM_PREFIX + name);
            return false;
        }
        if (incarnation == null || !incarnation.equals(current.getIncarnation())) {
            return reject(name);
        }
        streams.remove(name);
        deletedIncarnations.put(incarnation, true);
        return true;
    }

    private boolean applySecret(String purpose, ClusterSecret secret) {
        if (secret == null) {
            return false;
        }
        ClusterSecret current = secrets.get(purpose);
        if (current != null) {
            if (!current.equals(secret)) {
                keysToRepair.put(SECRET_PREFIX + purpose, true);
            }
            return false;
        }
        secrets.put(purpose, secret);
        return true;
    }

    private boolean reject(String name) {
        keysToRepair.put(STREAM_PREFIX + name, true);
        return false;
    }

    public Optional<StreamMetadata> stream(String name) {
        return Optional.ofNullable(streams.get(name));
    }

    /** Streams in name order, as ListStreams pages through them. */
    public Collection<StreamMetadata> streams() {
        return streams.values();
    }

    public Optional<ClusterSecret> secret(String purpose) {
        return Optional.ofNullable(secrets.get(purpose));
    }

    public boolean isDeletedIncarnation(String incarnation) {
        return deletedIncarnations.containsKey(incarnation);
    }

    /** Keys whose last record in the log lost its compare-and-set; their current state must be written again. */
    public Collection<String> keysToRepair() {
        return List.copyOf(keysToRepair.keySet());
    }

    public void onChange(Consumer<String> listener) {
        listeners.add(listener);
    }

    public static byte[] encode(StreamMetadata metadata) {
        try {
            return toBytes(metadata.toByteBuffer());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] encode(ClusterSecret secret) {
        try {
            return toBytes(secret.toByteBuffer());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static StreamMetadata decodeStream(byte[] value) {
        try {
            return MetadataDecoders.stream(ByteBuffer.wrap(value));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static ClusterSecret decodeSecret(byte[] value) {
        try {
            return ClusterSecret.fromByteBuffer(ByteBuffer.wrap(value));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static byte[] toBytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static String header(Headers headers, String name) {
        if (headers == null) {
            return null;
        }
        Header header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

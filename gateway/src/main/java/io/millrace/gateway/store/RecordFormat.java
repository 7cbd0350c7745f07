package io.millrace.gateway.store;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * How one service lays out its values in a {@link VersionedStore}: which keys of the topic are its own, how a value
 * is encoded and decoded, and the version (and incarnation) each value carries for compare-and-set. A service
 * supplies one per kind of value; several may share a topic with distinct keys.
 *
 * @param <V> the value type, for example an Avro record or a JSON object
 */
public interface RecordFormat<V> {

    /** Whether {@code key} belongs to this format's key space (records of other keys are not its concern). */
    boolean owns(String key);

    ByteBuffer encode(V value) throws IOException;

    /**
     * Decodes a record written by this release or an earlier one (for Avro values, through the schema history).
     * Throws when the bytes cannot be read; never returns null.
     */
    V decode(ByteBuffer bytes) throws IOException;

    /** The version a write compares and sets: a record applies on top of the version before it. */
    long version(V value);

    /**
     * The incarnation a value belongs to (a name deleted and created again is a new incarnation), or null when the
     * service has none: then a tombstone removes whatever the key holds instead of only the incarnation it names.
     */
    String incarnation(V value);

    /** Whether {@code value} may be stored under {@code key} (a record whose key and content disagree loses). */
    default boolean fits(String key, V value) {
        return true;
    }
}

package io.millrace.kinesis.model;

import java.util.Collection;
import java.util.function.Supplier;

/**
 * Kafka topic names of the Kinesis streams. A stream's natural topic is the gateway's topic prefix and the stream's
 * name. Kinesis stream names allow '.' and '_', and {@code a.b} and {@code a_b} are distinct streams, but Kafka
 * refuses a topic whose name equals an existing one once '.' is read as '_' (their metric names would clash); and it
 * refuses the names {@code .} and {@code ..}. A stream whose natural topic name would collide or is refused gets a
 * suffixed one instead; the metadata records each stream's topic, so existing streams keep theirs.
 */
public final class TopicNames {

    /**
     * The compacted topic of stream metadata (key {@code stream/<name>}, value an Avro {@code StreamMetadata}) unless
     * configured otherwise: the gateways write it and the Flink connector reads shard maps from it.
     */
    public static final String DEFAULT_METADATA_TOPIC = "__millrace_metadata";

    private TopicNames() {}

    /** The topic a stream gets unless that name is taken or refused (see {@link #choose}). */
    public static String natural(String topicPrefix, String stream) {
        return topicPrefix + stream;
    }

    /** Whether Kafka would refuse one of the two names next to the other (equal names do not collide). */
    public static boolean collide(String a, String b) {
        return !a.equals(b) && a.replace('.', '_').equals(b.replace('.', '_'));
    }

    /**
     * {@code wanted} when no name in {@code taken} equals or collides with it, else {@code wanted-<suffix>} for the
     * first suffix that is free. An existing topic of the very same name is taken too: it holds someone's data.
     */
    public static String choose(String wanted, Collection<String> taken, Supplier<String> suffixes) {
        String candidate = wanted;
        while (isTaken(candidate, taken)) {
            candidate = wanted + "-" + suffixes.get();
        }
        return candidate;
    }

    private static boolean isTaken(String candidate, Collection<String> taken) {
        // "." and ".." are valid stream names but not topic names (Kafka refuses them as path elements).
        return candidate.equals(".")
                || candidate.equals("..")
                || taken.stream().anyMatch(other -> other.equals(candidate) || collide(other, candidate));
    }
}

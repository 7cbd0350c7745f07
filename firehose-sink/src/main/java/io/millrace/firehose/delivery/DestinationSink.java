package io.millrace.firehose.delivery;

import java.nio.file.Path;

/**
 * A destination other than S3 objects (an HTTP endpoint, OpenSearch, Iceberg tables): the engine buffers, cuts and
 * commits as for S3, and hands each finished buffer to the sink instead of writing it as an object.
 */
public interface DestinationSink {
    /** How one processed record is held in the buffer, so that {@link #deliver} can read the records back. */
    byte[] frame(byte[] data, long arrivalMillis);

    /**
     * Delivers one finished buffer. Returns once it is delivered or handed to its failure output; throws while
     * another attempt should follow later (the engine keeps the buffer and its offsets uncommitted).
     *
     * @param key the buffer's deterministic name: a replay from Kafka after a crash gives the same records the same
     *     key, as long as the stream's version is the same (the name holds it)
     */
    void deliver(String key, Path file);

    /**
     * {@link #deliver(String, Path)} with what names the buffer's records across versions too: a sink whose ids must
     * survive an UpdateDestination (a buffer delivered in part, then replayed by the updated stream's task) derives
     * them from {@code bufferId}, not from the key.
     *
     * @param bufferId the output, topic, partition and segment start of the buffer, the same before and after an
     *     UpdateDestination
     */
    default void deliver(String key, String bufferId, Path file) {
        deliver(key, file);
    }

    /**
     * How many buffers the sink takes at once, from different threads. 1 (the default): one at a time, in order, in
     * the task's thread. More: the sink is thread-safe, each buffer is still delivered by one thread at a time, and
     * the commit still waits for the oldest buffer not delivered.
     */
    default int parallelism() {
        return 1;
    }
}

package io.millrace.firehose.delivery;

import java.nio.file.Path;

/**
 * A destination other than S3 objects (an HTTP endpoint): the engine buffers, cuts and commits as for S3, and hands
 * each finished buffer to the sink instead of writing it as an object.
 */
public interface DestinationSink {
    /** How one processed record is held in the buffer, so that {@link #deliver} can read the records back. */
    byte[] frame(byte[] data, long arrivalMillis);

    /**
     * Delivers one finished buffer. Returns once it is delivered or handed to its failure output; throws while
     * another attempt should follow later (the engine keeps the buffer and its offsets uncommitted).
     *
     * @param key the buffer's deterministic name: a replay from Kafka after a crash gives the same records the same
     *     key
     */
    void deliver(String key, Path file);
}

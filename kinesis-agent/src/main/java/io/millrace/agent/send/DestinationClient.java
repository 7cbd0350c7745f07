package io.millrace.agent.send;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** One batch call of a destination's API: per record, null when it was accepted, else AWS's ErrorCode. */
public interface DestinationClient extends AutoCloseable {

    /** @throws software.amazon.awssdk.core.exception.SdkException when the request as a whole failed */
    List<String> put(List<OutgoingRecord> records);

    /**
     * Which of {@code partitionKeys} the destination holds records of, written since {@code since}; null when the
     * destination cannot be read back (Firehose).
     *
     * @throws software.amazon.awssdk.core.exception.SdkException when reading failed
     */
    Set<String> landed(Instant since, Set<String> partitionKeys);

    @Override
    void close();
}

package io.millrace.agent.send;

import java.util.List;

/** One batch call of a destination's API: per record, null when it was accepted, else AWS's ErrorCode. */
public interface DestinationClient extends AutoCloseable {

    /** @throws software.amazon.awssdk.core.exception.SdkException when the request as a whole failed */
    List<String> put(List<OutgoingRecord> records);

    @Override
    void close();
}

package io.millrace.agent.checkpoint;

import java.util.List;

/**
 * A batch that was being sent when the checkpoint was written: when it was sent and the partition keys of its records
 * (unique to each record, see the flow). After a crash they tell which of its records reached the stream.
 */
public record InFlight(long sentAtMillis, List<String> partitionKeys) {}

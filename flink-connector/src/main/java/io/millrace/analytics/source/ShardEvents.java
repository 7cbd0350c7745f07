package io.millrace.analytics.source;

import java.util.Map;
import java.util.Set;
import org.apache.flink.api.connector.source.SourceEvent;

/** What the enumerator and the readers tell each other about shards reaching their end. */
final class ShardEvents {

    private ShardEvents() {}

    /** Enumerator to readers: these shards (by partition) are closed and end at these offsets. */
    record ShardsClosed(Map<Integer, Long> endOffsets) implements SourceEvent {}

    /** Reader to enumerator: these shards were read to their end (every record emitted). */
    record ShardsFinished(Set<Integer> partitions) implements SourceEvent {}

    /**
     * Enumerator to a reader: the enumerator holds these finished shards in its state now; the reader keeps
     * reporting them (they stay in its checkpoints) until it gets this.
     */
    record FinishedRecorded(Set<Integer> partitions) implements SourceEvent {}
}

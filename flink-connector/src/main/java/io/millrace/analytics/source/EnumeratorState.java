package io.millrace.analytics.source;

import java.util.List;
import java.util.Set;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;

/**
 * What the enumerator checkpoints: shards read to their end, shards handed to a reader, and splits decided but
 * not handed out yet (children waiting for their parents), with the start chosen when they were discovered.
 *
 * @param started whether the shards present at job start were seen (later shards start at their first record)
 */
record EnumeratorState(
        Set<Integer> finished, Set<Integer> assigned, List<KafkaPartitionSplit> pending, boolean started) {

    EnumeratorState {
        finished = Set.copyOf(finished);
        assigned = Set.copyOf(assigned);
        pending = List.copyOf(pending);
    }

    static EnumeratorState initial() {
        return new EnumeratorState(Set.of(), Set.of(), List.of(), false);
    }
}

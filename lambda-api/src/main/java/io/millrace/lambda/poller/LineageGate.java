package io.millrace.lambda.poller;

import io.millrace.kinesis.model.Shards;
import io.millrace.schemas.kinesis.ShardMetadata;
import io.millrace.schemas.kinesis.StreamMetadata;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Keeps a reshard's order: a child shard's records go to the function only once every parent is finished, that is
 * closed and checkpointed up to its end offset by whichever member of the mapping's consumer group owns it (Lambda
 * "processes the parent shards before the child shards"; kinesis-model's {@code Shards} holds the lineage). The
 * checkpoints are read from Kafka, so the rule holds across gateways; a finished parent stays finished.
 */
final class LineageGate {

    private final String topic;
    private final Set<Integer> finished = new HashSet<>();

    LineageGate(String topic) {
        this.topic = topic;
    }

    /**
     * Whether the shard of partition {@code index} may be processed: known to the stream's metadata and with every
     * parent finished.
     *
     * @param committed the consumer group's checkpoints of the partitions asked for
     */
    boolean ready(
            int index,
            StreamMetadata stream,
            Function<Set<TopicPartition>, Map<TopicPartition, OffsetAndMetadata>> committed) {
        ShardMetadata shard = Shards.find(stream, index).orElse(null);
        if (shard == null) {
            return false;
        }
        List<ShardMetadata> waiting = new ArrayList<>();
        for (Integer parent : new Integer[] {shard.getParentIndex(), shard.getAdjacentParentIndex()}) {
            if (parent == null || finished.contains(parent)) {
                continue;
            }
            ShardMetadata parentShard = Shards.find(stream, parent).orElse(null);
            if (parentShard == null || parentShard.getEndOffset() == null) {
                return false;
            }
            waiting.add(parentShard);
        }
        if (waiting.isEmpty()) {
            return true;
        }
        Set<TopicPartition> partitions = new HashSet<>();
        waiting.forEach(p -> partitions.add(new TopicPartition(topic, p.getIndex())));
        Map<TopicPartition, OffsetAndMetadata> checkpoints = committed.apply(partitions);
        boolean all = true;
        for (ShardMetadata parent : waiting) {
            OffsetAndMetadata checkpoint = checkpoints.get(new TopicPartition(topic, parent.getIndex()));
            if (checkpoint != null && checkpoint.offset() >= parent.getEndOffset()) {
                finished.add(parent.getIndex());
            } else {
                all = false;
            }
        }
        return all;
    }
}

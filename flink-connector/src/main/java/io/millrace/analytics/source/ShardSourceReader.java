package io.millrace.analytics.source;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.RecordEmitter;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplitState;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads shard splits and tells the enumerator when a shard was read to its end, so it can hand out the shard's
 * children. A finished shard stays in this reader's checkpoints (as an empty split at its end) until the
 * enumerator confirms it recorded it: a report sent between the enumerator's and this reader's part of a checkpoint
 * would otherwise be in neither, and a restore from that checkpoint would never read the shard's children.
 */
final class ShardSourceReader<T>
        extends SingleThreadMultiplexSourceReaderBase<
                ConsumerRecord<byte[], byte[]>, T, KafkaPartitionSplit, KafkaPartitionSplitState> {

    private final Map<TopicPartition, Long> announcedEnds;
    private final String topic;
    private final Map<Integer, KafkaPartitionSplit> unconfirmed = new TreeMap<>();

    private ShardSourceReader(
            Supplier<SplitReader<ConsumerRecord<byte[], byte[]>, KafkaPartitionSplit>> splitReaders,
            RecordEmitter<ConsumerRecord<byte[], byte[]>, T, KafkaPartitionSplitState> emitter,
            Configuration config,
            SourceReaderContext context,
            String topic,
            Map<TopicPartition, Long> announcedEnds) {
        super(splitReaders, emitter, config, context);
        this.topic = topic;
        this.announcedEnds = announcedEnds;
    }

    static <T> ShardSourceReader<T> create(
            SourceConfig config,
            SourceReaderContext context,
            RecordEmitter<ConsumerRecord<byte[], byte[]>, T, KafkaPartitionSplitState> emitter) {
        Map<TopicPartition, Long> announcedEnds = new ConcurrentHashMap<>();
        String clientId = "millrace-" + config.stream() + "-reader-" + context.getIndexOfSubtask() + "-";
        // A fetcher closed when idle is replaced by a new one: each consumer gets its own client id.
        AtomicInteger fetchers = new AtomicInteger();
        return new ShardSourceReader<>(
                () -> new ShardSplitReader(config, clientId + fetchers.incrementAndGet(), announcedEnds),
                emitter,
                context.getConfiguration(),
                context,
                config.topic(),
                announcedEnds);
    }

    @Override
    protected void onSplitFinished(Map<String, KafkaPartitionSplitState> finished) {
        Set<Integer> partitions = new HashSet<>();
        for (KafkaPartitionSplitState state : finished.values()) {
            TopicPartition tp = state.getTopicPartition();
            long end = endOf(state.toKafkaPartitionSplit()).orElse(state.getCurrentOffset());
            unconfirmed.put(tp.partition(), new KafkaPartitionSplit(tp, end, end));
            partitions.add(tp.partition());
        }
        context.sendSourceEventToCoordinator(new ShardEvents.ShardsFinished(partitions));
    }

    private Optional<Long> endOf(KafkaPartitionSplit split) {
        Optional<Long> own = split.getStoppingOffset().filter(s -> s >= 0);
        return own.isPresent() ? own : Optional.ofNullable(announcedEnds.get(split.getTopicPartition()));
    }

    @Override
    public List<KafkaPartitionSplit> snapshotState(long checkpointId) {
        List<KafkaPartitionSplit> splits = new ArrayList<>(super.snapshotState(checkpointId));
        splits.addAll(unconfirmed.values());
        return splits;
    }

    @Override
    public void handleSourceEvents(SourceEvent event) {
        if (event instanceof ShardEvents.ShardsClosed closed) {
            closed.endOffsets()
                    .forEach((partition, end) -> announcedEnds.put(new TopicPartition(topic, partition), end));
        } else if (event instanceof ShardEvents.FinishedRecorded recorded) {
            unconfirmed.keySet().removeAll(recorded.partitions());
        } else {
            super.handleSourceEvents(event);
        }
    }

    @Override
    protected KafkaPartitionSplitState initializedState(KafkaPartitionSplit split) {
        return new KafkaPartitionSplitState(split);
    }

    @Override
    protected KafkaPartitionSplit toSplitType(String splitId, KafkaPartitionSplitState state) {
        KafkaPartitionSplit split = state.toKafkaPartitionSplit();
        // A shard closed while this reader read it: its end goes into the checkpoint with its position.
        return endOf(split)
                .map(end -> new KafkaPartitionSplit(split.getTopicPartition(), split.getStartingOffset(), end))
                .orElse(split);
    }
}

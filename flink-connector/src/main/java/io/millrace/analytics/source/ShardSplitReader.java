package io.millrace.analytics.source;

import io.millrace.analytics.access.RoleCredentials;
import io.millrace.kinesis.crypto.DecryptingDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the shards assigned to one reader with one consumer. A shard with a known end (closed, or the bound of a
 * bounded source) is finished once the consumer's position reaches it: the position, not the last record, since
 * transaction markers take offsets too. The end of a shard read while open arrives later, through
 * {@code announcedEnds}, which the reader fills from the enumerator's events.
 */
final class ShardSplitReader implements SplitReader<ConsumerRecord<byte[], byte[]>, KafkaPartitionSplit> {

    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(1);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<TopicPartition, Long> announcedEnds;
    private final Map<TopicPartition, String> splitIds = new HashMap<>();
    private final Map<TopicPartition, Long> stops = new HashMap<>();
    private final Set<String> finishedOnArrival = new HashSet<>();

    ShardSplitReader(SourceConfig config, String clientId, Map<TopicPartition, Long> announcedEnds) {
        this.consumer =
                new KafkaConsumer<>(config.consumerProperties(clientId), new ByteArrayDeserializer(), values(config));
        this.announcedEnds = announcedEnds;
    }

    /**
     * Values as they were put: encrypted records opened, plaintext ones as stored. Unconfigured (the job gave no KMS
     * endpoint) it fails the poll on an encrypted record instead of passing ciphertext on as data.
     */
    private static DecryptingDeserializer values(SourceConfig config) {
        // KMS Decrypt as the job's role, unless the decryption settings name credentials of their own.
        DecryptingDeserializer values = config.access() == null
                ? new DecryptingDeserializer()
                : new DecryptingDeserializer(RoleCredentials.of(config.access()));
        if (!config.decryption().isEmpty()) {
            values.configure(config.decryption(), false);
        }
        return values;
    }

    @Override
    public RecordsWithSplitIds<ConsumerRecord<byte[], byte[]>> fetch() {
        RecordsBySplits.Builder<ConsumerRecord<byte[], byte[]>> batch = new RecordsBySplits.Builder<>();
        batch.addFinishedSplits(finishedOnArrival);
        finishedOnArrival.clear();
        if (splitIds.isEmpty()) {
            return batch.build();
        }
        try {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL_TIMEOUT);
            for (TopicPartition tp : records.partitions()) {
                long stop = stopOf(tp);
                for (ConsumerRecord<byte[], byte[]> record : records.records(tp)) {
                    if (stop >= 0 && record.offset() >= stop) {
                        break;
                    }
                    batch.add(splitIds.get(tp), record);
                }
            }
            List<TopicPartition> done = new ArrayList<>();
            for (TopicPartition tp : splitIds.keySet()) {
                long stop = stopOf(tp);
                if (stop >= 0 && consumer.position(tp) >= stop) {
                    done.add(tp);
                }
            }
            for (TopicPartition tp : done) {
                batch.addFinishedSplit(splitIds.remove(tp));
                stops.remove(tp);
            }
            if (!done.isEmpty()) {
                consumer.assign(splitIds.keySet());
            }
        } catch (WakeupException e) {
            // Woken up to take new splits or to close: what was gathered so far is still valid.
        }
        return batch.build();
    }

    private long stopOf(TopicPartition tp) {
        Long stop = stops.get(tp);
        if (stop == null) {
            stop = announcedEnds.get(tp);
            if (stop != null) {
                stops.put(tp, stop);
            }
        }
        return stop == null ? -1 : stop;
    }

    @Override
    public void handleSplitsChanges(SplitsChange<KafkaPartitionSplit> change) {
        if (!(change instanceof SplitsAddition)) {
            throw new UnsupportedOperationException("shard splits are only added: " + change);
        }
        List<KafkaPartitionSplit> added = new ArrayList<>();
        for (KafkaPartitionSplit split : change.splits()) {
            long start = split.getStartingOffset();
            long stop = split.getStoppingOffset().filter(s -> s >= 0).orElse(-1L);
            if (stop >= 0 && start >= stop) {
                finishedOnArrival.add(split.splitId());
                continue;
            }
            splitIds.put(split.getTopicPartition(), split.splitId());
            if (stop >= 0) {
                stops.put(split.getTopicPartition(), stop);
            }
            added.add(split);
        }
        consumer.assign(splitIds.keySet());
        for (KafkaPartitionSplit split : added) {
            TopicPartition tp = split.getTopicPartition();
            long start = split.getStartingOffset();
            if (start >= 0) {
                consumer.seek(tp, start);
            } else if (start == KafkaPartitionSplit.LATEST_OFFSET) {
                consumer.seekToEnd(List.of(tp));
            } else {
                consumer.seekToBeginning(List.of(tp));
            }
        }
    }

    @Override
    public void pauseOrResumeSplits(Collection<KafkaPartitionSplit> toPause, Collection<KafkaPartitionSplit> toResume) {
        // Watermark alignment pauses the shards that run ahead.
        consumer.pause(assignedOf(toPause));
        consumer.resume(assignedOf(toResume));
    }

    private List<TopicPartition> assignedOf(Collection<KafkaPartitionSplit> splits) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (KafkaPartitionSplit split : splits) {
            if (splitIds.containsKey(split.getTopicPartition())) {
                partitions.add(split.getTopicPartition());
            }
        }
        return partitions;
    }

    @Override
    public void wakeUp() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close();
    }
}

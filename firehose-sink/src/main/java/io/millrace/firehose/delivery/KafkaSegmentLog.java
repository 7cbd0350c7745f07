package io.millrace.firehose.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The segment log in a compacted Kafka topic of the platform ({@code __millrace_firehose_segments} by default): one
 * record per segment, key {@code <stream>/<topic>/<partition>/<start>} (the start zero-padded to 20 digits), value
 * its last offset. A boundary is acknowledged by every in-sync replica (acks=all, idempotent producer) before the
 * segment's objects are written. Loading a partition reads the topic to its end, removes the entries below the
 * committed offset with tombstones, and takes over the entries an earlier version left in S3 (see
 * {@link S3SegmentLog}): those still needed are written here first, then every one of them is deleted from the bucket.
 */
public final class KafkaSegmentLog implements SegmentLog, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSegmentLog.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Producer<String, String> producer;
    private final Supplier<Consumer<String, String>> consumers;
    private final String topic;
    private final String root;
    /** Entries of earlier versions to take over, or null. */
    private final S3SegmentLog legacy;

    private Consumer<String, String> consumer;

    /**
     * @param producer  acks=all and idempotent; shared with the task's other state, not closed here
     * @param consumers makes the consumer that reads the log (no group, no auto commit), closed here
     * @param legacy    the S3 segment log of earlier versions to take over, or null
     */
    public KafkaSegmentLog(
            Producer<String, String> producer,
            Supplier<Consumer<String, String>> consumers,
            String topic,
            String streamName,
            S3SegmentLog legacy) {
        this.producer = producer;
        this.consumers = consumers;
        this.topic = topic;
        this.root = streamName + "/";
        this.legacy = legacy;
    }

    private String partitionPrefix(TopicPartition tp) {
        return root + tp.topic() + "/" + tp.partition() + "/";
    }

    private String key(TopicPartition tp, long start) {
        return partitionPrefix(tp) + String.format("%020d", start);
    }

    @Override
    public void record(TopicPartition tp, long start, long end) {
        await(producer.send(new ProducerRecord<>(topic, key(tp, start), Long.toString(end))));
    }

    @Override
    public CompletableFuture<Void> recordAsync(TopicPartition tp, long start, long end) {
        CompletableFuture<Void> stored = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic, key(tp, start), Long.toString(end)), (metadata, error) -> {
                if (error == null) {
                    stored.complete(null);
                } else {
                    stored.completeExceptionally(error instanceof KafkaException k ? k : new KafkaException(error));
                }
            });
        } catch (KafkaException e) {
            stored.completeExceptionally(e);
        }
        return stored;
    }

    @Override
    public synchronized NavigableMap<Long, Long> load(TopicPartition tp, long committedOffset) {
        String prefix = partitionPrefix(tp);
        Map<String, String> entries = readAll(prefix);
        NavigableMap<Long, Long> segments = new TreeMap<>();
        List<Future<RecordMetadata>> tombstones = new ArrayList<>();
        for (Map.Entry<String, String> entry : entries.entrySet()) {
            long start = Long.parseLong(entry.getKey().substring(prefix.length()));
            long end = Long.parseLong(entry.getValue());
            if (end < committedOffset) {
                tombstones.add(producer.send(new ProducerRecord<>(topic, entry.getKey(), null)));
            } else {
                segments.put(start, end);
            }
        }
        if (legacy != null) {
            takeOverLegacy(tp, committedOffset, segments);
        }
        // Not needed for correctness (an entry left behind is removed at the next assignment), only for tidiness.
        tombstones.forEach(f -> {
            try {
                await(f);
            } catch (KafkaException e) {
                LOG.debug("Tombstone of a segment log entry of {} not written: {}", tp, e.toString());
            }
        });
        return segments;
    }

    /** Moves the S3 entries of an earlier version that are still needed into the topic, then deletes them all. */
    private void takeOverLegacy(TopicPartition tp, long committedOffset, NavigableMap<Long, Long> segments) {
        List<S3SegmentLog.Entry> old = legacy.entries(tp);
        if (old.isEmpty()) {
            return;
        }
        int kept = 0;
        for (S3SegmentLog.Entry entry : old) {
            if (entry.end() >= committedOffset && !Long.valueOf(entry.end()).equals(segments.get(entry.start()))) {
                record(tp, entry.start(), entry.end());
                segments.put(entry.start(), entry.end());
                kept++;
            }
        }
        legacy.delete(old.stream().map(S3SegmentLog.Entry::key).toList());
        LOG.info(
                "Segment log of {}: {} entries of an earlier version moved from bucket {} to topic {} ({} still "
                        + "needed), and deleted there",
                tp,
                old.size(),
                legacy.bucket(),
                topic,
                kept);
    }

    /** The entries under {@code prefix}, read from the beginning to the current end of every partition. */
    private Map<String, String> readAll(String prefix) {
        if (consumer == null) {
            consumer = consumers.get();
        }
        List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : infos == null ? List.<PartitionInfo>of() : infos) {
            partitions.add(new TopicPartition(topic, info.partition()));
        }
        Map<String, String> entries = new TreeMap<>();
        if (partitions.isEmpty()) {
            return entries;
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions, TIMEOUT));
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey(), TIMEOUT) < e.getValue())) {
            if (System.nanoTime() > deadline) {
                throw new KafkaException("Segment log topic " + topic + " not read to its end within " + TIMEOUT);
            }
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.key() == null || !record.key().startsWith(prefix)) {
                    continue;
                }
                if (record.value() == null) {
                    entries.remove(record.key());
                } else {
                    entries.put(record.key(), record.value());
                }
            }
        }
        consumer.unsubscribe();
        return entries;
    }

    private static void await(Future<RecordMetadata> sent) {
        try {
            sent.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while writing the segment log", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof KafkaException k ? k : new KafkaException(e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaException("Segment log write not acknowledged within " + TIMEOUT, e);
        }
    }

    @Override
    public synchronized void close() {
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(5));
            consumer = null;
        }
    }
}

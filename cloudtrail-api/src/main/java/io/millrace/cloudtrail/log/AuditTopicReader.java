package io.millrace.cloudtrail.log;

import io.millrace.schemas.MetadataDecoders;
import io.millrace.schemas.cloudtrail.CloudTrailEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the audit topic newest first, as LookupEvents lists events: each partition from the end of the time range
 * backwards (found with {@code offsetsForTimes}), in chunks, merged by event time. A page ends at a position per
 * partition, the cursor the next page starts before, so paging neither repeats nor skips an event while gateways
 * keep writing. One consumer, one lookup at a time.
 */
public final class AuditTopicReader implements AutoCloseable {

    private static final int CHUNK = 500;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(15);

    /** The events of one page, newest first, and where the next page ends per partition (null when none). */
    public record Page(List<CloudTrailEvent> events, Map<Integer, Long> next) {}

    private record Found(int partition, long offset, CloudTrailEvent event) {}

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;

    public AuditTopicReader(Map<String, Object> kafkaClientProps, String topic) {
        Map<String, Object> props = new LinkedHashMap<>(kafkaClientProps);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "millrace-audit-reader");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, CHUNK);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        this.consumer = new KafkaConsumer<>(props);
        this.topic = topic;
    }

    /**
     * Up to {@code limit} events with a time in {@code [fromMillis, toMillis]} that {@code wanted} accepts, newest
     * first, before {@code cursor} (a previous page's {@link Page#next}; null for the first page).
     */
    public synchronized Page newest(
            long fromMillis, long toMillis, Map<Integer, Long> cursor, Predicate<CloudTrailEvent> wanted, int limit) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : consumer.partitionsFor(topic)) {
            partitions.add(new TopicPartition(topic, info.partition()));
        }
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        Map<TopicPartition, Long> starts = offsetsAt(partitions, fromMillis, ends);
        Map<TopicPartition, Long> stops = offsetsAt(partitions, toMillis + 1, ends);
        Map<Integer, Deque<Found>> found = new HashMap<>();
        Map<Integer, Long> next = new HashMap<>();
        for (TopicPartition partition : partitions) {
            long stop = stops.get(partition);
            if (cursor != null && cursor.containsKey(partition.partition())) {
                stop = Math.min(stop, cursor.get(partition.partition()));
            }
            next.put(partition.partition(), stop);
            found.put(
                    partition.partition(),
                    backwards(partition, starts.get(partition), stop, fromMillis, toMillis, wanted, limit + 1));
        }
        List<CloudTrailEvent> page = new ArrayList<>();
        // Merged newest first, each partition in its own order: a page takes a prefix of each.
        while (page.size() < limit) {
            Deque<Found> newest = null;
            for (Deque<Found> candidates : found.values()) {
                if (!candidates.isEmpty()
                        && (newest == null
                                || candidates.peekFirst().event().getEventTimeMillis()
                                        > newest.peekFirst().event().getEventTimeMillis())) {
                    newest = candidates;
                }
            }
            if (newest == null) {
                break;
            }
            Found taken = newest.pollFirst();
            page.add(taken.event());
            next.put(taken.partition(), taken.offset());
        }
        boolean more = found.values().stream().anyMatch(candidates -> !candidates.isEmpty());
        return new Page(page, more ? next : null);
    }

    /** Offsets of the first events at or after {@code millis}; the end when there are none. */
    private Map<TopicPartition, Long> offsetsAt(
            List<TopicPartition> partitions, long millis, Map<TopicPartition, Long> ends) {
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(partition -> query.put(partition, Math.max(0, millis)));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp at = found.get(partition);
            offsets.put(partition, at == null ? ends.get(partition) : at.offset());
        }
        return offsets;
    }

    /** Up to {@code limit} wanted events of {@code [start, stop)}, newest (highest offset) first. */
    private Deque<Found> backwards(
            TopicPartition partition,
            long start,
            long stop,
            long fromMillis,
            long toMillis,
            Predicate<CloudTrailEvent> wanted,
            int limit) {
        Deque<Found> found = new ArrayDeque<>();
        long position = stop;
        while (position > start && found.size() < limit) {
            long from = Math.max(start, position - CHUNK);
            List<ConsumerRecord<String, byte[]>> chunk = read(partition, from, position);
            for (int i = chunk.size() - 1; i >= 0 && found.size() < limit; i--) {
                ConsumerRecord<String, byte[]> record = chunk.get(i);
                CloudTrailEvent event = decode(record.value());
                long time = event.getEventTimeMillis();
                if (time >= fromMillis && time <= toMillis && wanted.test(event)) {
                    found.addLast(new Found(partition.partition(), record.offset(), event));
                }
            }
            position = from;
        }
        return found;
    }

    private List<ConsumerRecord<String, byte[]>> read(TopicPartition partition, long from, long to) {
        consumer.assign(List.of(partition));
        consumer.seek(partition, from);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        while (consumer.position(partition) < to) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("Reading " + partition + " from " + from + " to " + to + " timed out");
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.offset() < to) {
                    records.add(record);
                }
            }
        }
        return records;
    }

    private static CloudTrailEvent decode(byte[] value) {
        try {
            return MetadataDecoders.cloudTrailEvent(ByteBuffer.wrap(value));
        } catch (IOException e) {
            throw new UncheckedIOException("An audit event that cannot be decoded", e);
        }
    }

    @Override
    public synchronized void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}

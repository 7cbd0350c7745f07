package io.millrace.cloudtrail.delivery;

import io.millrace.cloudtrail.s3.TrailBuckets;
import io.millrace.cloudtrail.trail.Trail;
import io.millrace.cloudtrail.trail.TrailSelection;
import io.millrace.cloudtrail.trail.TrailStore;
import io.millrace.schemas.MetadataDecoders;
import io.millrace.schemas.cloudtrail.CloudTrailEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The delivery of one trail (one incarnation of it): a Kafka consumer group of its own over the audit topic, a member
 * on every gateway, so that the group gives each audit partition to one gateway at a time. Each period, the events
 * read from a partition since its last commit become one log file, written to the trail's bucket, and only then is
 * the offset after them committed.
 *
 * <p>Exactly once: a file is named from its first event (partition, offset, time), and at most one file per
 * partition is written and not yet committed. A gateway that dies before its commit leaves the partition to another
 * (or to itself after a restart), which reads again from the committed offset, so its first file starts at the same
 * event and overwrites the same key with the events it now holds: the events of the file that was overwritten are
 * either in it or, when it is cut shorter, in the next file. No event is skipped (the commit follows the PUT) and
 * none is in two files.
 */
final class TrailDelivery implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrailDelivery.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final String topic;
    private final TrailStore store;
    private final String name;
    private final String incarnation;
    private final TrailBuckets buckets;
    private final Duration period;
    private final Clock clock;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    /** Records read per partition since its last commit, in offset order. */
    private final Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> pending = new HashMap<>();

    private volatile boolean closed;

    TrailDelivery(
            Map<String, Object> kafkaClientProps,
            String topic,
            TrailStore store,
            Trail trail,
            TrailBuckets buckets,
            Duration period,
            Clock clock) {
        this.topic = topic;
        this.store = store;
        this.name = trail.name();
        this.incarnation = trail.incarnation();
        this.buckets = buckets;
        this.period = period;
        this.clock = clock;
        Map<String, Object> props = new LinkedHashMap<>(kafkaClientProps);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId(trail));
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "millrace-trail-" + trail.name());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        this.consumer = new KafkaConsumer<>(props);
        this.thread = new Thread(this::run, "millrace-trail-" + trail.name());
        this.thread.setDaemon(true);
    }

    /** One group per incarnation: a trail created again under the same name starts from its own StartLogging. */
    static String groupId(Trail trail) {
        return "millrace-trail-" + trail.name() + "-" + trail.incarnation();
    }

    void start() {
        thread.start();
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic), new Positions());
            long nextCut = clock.millis() + period.toMillis();
            while (!closed) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    pending.computeIfAbsent(
                                    new TopicPartition(record.topic(), record.partition()), p -> new ArrayList<>())
                            .add(record);
                }
                if (clock.millis() >= nextCut) {
                    deliver();
                    nextCut = clock.millis() + period.toMillis();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.warn("Delivery of trail {} stopped: {}", name, e.toString());
        } finally {
            consumer.close();
        }
    }

    /** One log file per partition with events read since its last commit. */
    private void deliver() {
        Optional<Trail> current =
                store.trail(name).filter(trail -> trail.incarnation().equals(incarnation));
        if (current.isEmpty()) {
            return;
        }
        Trail trail = current.get();
        for (Iterator<Map.Entry<TopicPartition, List<ConsumerRecord<String, byte[]>>>> entries =
                        pending.entrySet().iterator();
                entries.hasNext(); ) {
            Map.Entry<TopicPartition, List<ConsumerRecord<String, byte[]>>> entry = entries.next();
            List<ConsumerRecord<String, byte[]>> records = entry.getValue();
            if (records.isEmpty()) {
                continue;
            }
            entries.remove();
            deliver(trail, entry.getKey(), records);
        }
    }

    private void deliver(Trail trail, TopicPartition partition, List<ConsumerRecord<String, byte[]>> records) {
        List<CloudTrailEvent> events = new ArrayList<>();
        ConsumerRecord<String, byte[]> first = null;
        for (ConsumerRecord<String, byte[]> record : records) {
            CloudTrailEvent event = decode(record);
            if (event != null && TrailSelection.takes(trail, event)) {
                if (first == null) {
                    first = record;
                }
                events.add(event);
            }
        }
        long next = records.get(records.size() - 1).offset() + 1;
        if (!events.isEmpty()) {
            String key = LogFiles.key(trail, partition.partition(), first.offset(), first.timestamp());
            try {
                buckets.put(trail.s3BucketName(), key, LogFiles.content(events));
            } catch (SdkException e) {
                String error = e instanceof S3Exception s3 && s3.awsErrorDetails() != null
                        ? s3.awsErrorDetails().errorCode()
                        : e.getMessage();
                LOG.warn("Trail {} could not deliver to s3://{}: {}", name, trail.s3BucketName(), error);
                store.attempted(trail, clock.millis(), error);
                // Read the same events again for the next attempt.
                consumer.seek(partition, records.get(0).offset());
                return;
            }
        }
        try {
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(next)));
        } catch (KafkaException e) {
            // The partition moved: its new owner reads again from the last commit and overwrites this file.
            LOG.info("Trail {}: partition {} moved before its commit ({})", name, partition, e.toString());
            return;
        }
        if (!events.isEmpty()) {
            store.attempted(trail, clock.millis(), null);
            LOG.debug(
                    "Trail {} delivered {} events of {} to s3://{}",
                    name,
                    events.size(),
                    partition,
                    trail.s3BucketName());
        }
    }

    private CloudTrailEvent decode(ConsumerRecord<String, byte[]> record) {
        try {
            return MetadataDecoders.cloudTrailEvent(ByteBuffer.wrap(record.value()));
        } catch (IOException | RuntimeException e) {
            LOG.warn(
                    "Trail {} skipped the undecodable audit record {}-{}@{}",
                    name,
                    record.topic(),
                    record.partition(),
                    record.offset());
            return null;
        }
    }

    /**
     * Where a partition given to this member starts: its committed offset, or, the first time, the first event at
     * or after the trail's StartLogging.
     */
    private final class Positions implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            partitions.forEach(pending::remove);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            partitions.forEach(pending::remove);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            partitions.forEach(pending::remove);
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
            Long start = store.trail(name).map(Trail::startLoggingMillis).orElse(null);
            Map<TopicPartition, Long> fresh = new HashMap<>();
            for (TopicPartition partition : partitions) {
                if (committed.get(partition) == null && start != null) {
                    fresh.put(partition, start);
                }
            }
            if (fresh.isEmpty()) {
                return;
            }
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(fresh);
            Map<TopicPartition, Long> ends = consumer.endOffsets(fresh.keySet());
            for (TopicPartition partition : fresh.keySet()) {
                OffsetAndTimestamp at = found.get(partition);
                consumer.seek(partition, at != null ? at.offset() : ends.get(partition));
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        if (thread.getState() == Thread.State.NEW) {
            consumer.close();
            return;
        }
        consumer.wakeup();
        thread.join(30_000);
    }
}

package io.millrace.lambda.poller;

import io.millrace.kinesis.model.Shards;
import io.millrace.kinesis.model.arn.StreamArn;
import io.millrace.lambda.filter.Filters;
import io.millrace.lambda.store.StreamDirectory;
import io.millrace.schemas.kinesis.ShardMetadata;
import io.millrace.schemas.kinesis.StreamMetadata;
import io.millrace.schemas.lambda.EventSourceMappingRecord;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One event source mapping's poller on this gateway: a Kafka consumer in the mapping's group
 * ({@code millrace-lambda-<uuid>}) on the stream's topic, so the gateways running pollers share its shards and take
 * over each other's. Records are gathered per shard into batches (BatchSize, MaximumBatchingWindowInSeconds, and
 * at most {@link #MAX_BATCH_BYTES} of data so the event stays under Lambda's 6 MB payload), one batch of a shard at
 * a time in shard order, children after their parents ({@link LineageGate}); each settled piece is checkpointed as
 * the group's committed offset. A shard without a checkpoint starts at the mapping's StartingPosition.
 */
final class MappingPoller implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(MappingPoller.class);
    /** Data bytes per batch: base64 makes 4 MiB about 5.6 MB, under the 6 MB synchronous invocation payload. */
    static final int MAX_BATCH_BYTES = 4 * 1024 * 1024;

    private static final Duration POLL = Duration.ofMillis(100);
    private static final long GATE_RECHECK_MS = 250;
    private static final long STOP_GRACE_MS = 15_000;

    private final EventSourceMappingRecord mapping;
    private final Map<String, Object> clientProps;
    private final StreamDirectory streams;
    private final BatchRunner runner;
    private final Filters filters;
    private final String region;
    private final String role;
    private final Map<TopicPartition, ArrayDeque<ConsumerRecord<byte[], byte[]>>> buffers = new HashMap<>();
    private final Map<TopicPartition, Long> firstBufferedAt = new HashMap<>();
    private final Map<TopicPartition, Long> gateCheckedAt = new HashMap<>();
    private final Set<TopicPartition> paused = new HashSet<>();
    private volatile boolean running = true;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private LineageGate gate;
    private Thread thread;

    MappingPoller(
            EventSourceMappingRecord mapping,
            Map<String, Object> clientProps,
            StreamDirectory streams,
            BatchRunner.Invocation invocation,
            FailureDestination destination,
            String region,
            String role) {
        this.mapping = mapping;
        this.clientProps = clientProps;
        this.streams = streams;
        this.region = region;
        this.role = role;
        this.runner = new BatchRunner(mapping, invocation, destination, () -> running);
        // Checked by Create/UpdateEventSourceMapping, so valid here.
        this.filters = Filters.of(mapping.getFilterPatterns());
    }

    EventSourceMappingRecord mapping() {
        return mapping;
    }

    String lastResult() {
        return runner.lastResult();
    }

    void start() {
        thread = new Thread(this, "millrace-lambda-poller-" + mapping.getUuid().substring(0, 8));
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Stops polling. An invocation under way is let to finish (for up to {@link #STOP_GRACE_MS}) and its piece
     * checkpointed, so that a stop does not make the function see a batch it answered again; what was not settled
     * is read again by whoever polls next.
     */
    void stop() {
        running = false;
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread == null) {
            return;
        }
        try {
            thread.join(STOP_GRACE_MS);
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(STOP_GRACE_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        try {
            StreamMetadata stream = awaitStream();
            if (stream == null) {
                return;
            }
            consumer = new KafkaConsumer<>(consumerProps(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
            gate = new LineageGate(stream.getTopic());
            consumer.subscribe(List.of(stream.getTopic()), new Rebalance());
            LOG.info(
                    "Event source mapping {} polling {} (topic {}) for {}",
                    mapping.getUuid(),
                    mapping.getStreamName(),
                    stream.getTopic(),
                    mapping.getFunctionArn());
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    buffers.computeIfAbsent(partition, p -> new ArrayDeque<>()).add(record);
                    firstBufferedAt.putIfAbsent(partition, System.currentTimeMillis());
                }
                processReady();
            }
        } catch (WakeupException | InterruptedException e) {
            // stopping
        } catch (RuntimeException e) {
            LOG.warn("Event source mapping {} poller failed: {}", mapping.getUuid(), e.toString());
        } finally {
            KafkaConsumer<byte[], byte[]> current = consumer;
            if (current != null) {
                try {
                    current.close(Duration.ofSeconds(5));
                } catch (RuntimeException e) {
                    LOG.debug("Closing the consumer of {}: {}", mapping.getUuid(), e.toString());
                }
            }
        }
    }

    private StreamMetadata awaitStream() throws InterruptedException {
        while (running) {
            StreamMetadata stream = streams.stream(mapping.getStreamName()).orElse(null);
            if (stream != null) {
                return stream;
            }
            Thread.sleep(1000);
        }
        return null;
    }

    private void processReady() throws InterruptedException {
        StreamMetadata stream = streams.stream(mapping.getStreamName()).orElse(null);
        if (stream == null) {
            return;
        }
        long now = System.currentTimeMillis();
        for (TopicPartition partition : new ArrayList<>(buffers.keySet())) {
            if (!running) {
                return;
            }
            ArrayDeque<ConsumerRecord<byte[], byte[]>> buffer = buffers.get(partition);
            if (buffer == null || buffer.isEmpty()) {
                continue;
            }
            Long checked = gateCheckedAt.get(partition);
            if (checked != null && now - checked < GATE_RECHECK_MS) {
                continue;
            }
            if (!gate.ready(partition.partition(), stream, consumer::committed)) {
                gateCheckedAt.put(partition, now);
                pause(partition);
                continue;
            }
            gateCheckedAt.remove(partition);
            boolean full = buffer.size() >= mapping.getBatchSize();
            long windowMs = mapping.getMaximumBatchingWindowInSeconds() * 1000L;
            if (!full && now - firstBufferedAt.getOrDefault(partition, now) < windowMs) {
                continue;
            }
            List<ConsumerRecord<byte[], byte[]>> batch = take(buffer);
            if (buffer.isEmpty()) {
                firstBufferedAt.remove(partition);
            } else {
                firstBufferedAt.put(partition, now);
            }
            ShardMetadata shard = Shards.find(stream, partition.partition()).orElseThrow();
            KinesisEvents.Source source = new KinesisEvents.Source(
                    StreamArn.format(region, accountOf(), mapping.getStreamName()),
                    region,
                    role,
                    shard.getIndex(),
                    Shards.createdSeconds(shard));
            if (!run(source, batch, next -> commit(partition, next))) {
                return;
            }
        }
        for (TopicPartition partition : new ArrayList<>(buffers.keySet())) {
            ArrayDeque<ConsumerRecord<byte[], byte[]>> buffer = buffers.get(partition);
            if (buffer.size() >= mapping.getBatchSize()) {
                pause(partition);
            } else if (paused.contains(partition) && !gateCheckedAt.containsKey(partition)) {
                paused.remove(partition);
                consumer.resume(List.of(partition));
            }
        }
    }

    /**
     * Runs the batch's records that pass the mapping's FilterCriteria; the others are dropped, and the checkpoint
     * moves past them as past records the function handled (AWS: a record no filter matches is discarded).
     */
    private boolean run(
            KinesisEvents.Source source, List<ConsumerRecord<byte[], byte[]>> batch, BatchRunner.Checkpoint checkpoint)
            throws InterruptedException {
        List<ConsumerRecord<byte[], byte[]>> kept = filters.isEmpty()
                ? batch
                : batch.stream()
                        .filter(r -> filters.accepts(withData -> KinesisEvents.filterDocument(source, r, withData)))
                        .toList();
        if (!kept.isEmpty() && !runner.run(source, kept, checkpoint)) {
            return false;
        }
        long end = batch.get(batch.size() - 1).offset() + 1;
        if (kept.isEmpty() || kept.get(kept.size() - 1).offset() + 1 < end) {
            checkpoint.commit(end);
        }
        return true;
    }

    /** The account of the stream's ARN as the mapping names it. */
    private String accountOf() {
        StreamArn arn = StreamArn.parse(mapping.getEventSourceArn());
        if (arn != null) {
            return arn.account();
        }
        return mapping.getEventSourceArn().split(":")[4];
    }

    private List<ConsumerRecord<byte[], byte[]>> take(ArrayDeque<ConsumerRecord<byte[], byte[]>> buffer) {
        List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
        long bytes = 0;
        while (!buffer.isEmpty() && batch.size() < mapping.getBatchSize()) {
            ConsumerRecord<byte[], byte[]> next = buffer.peekFirst();
            long size = (next.value() == null ? 0 : next.value().length) + (next.key() == null ? 0 : next.key().length);
            if (!batch.isEmpty() && bytes + size > MAX_BATCH_BYTES) {
                break;
            }
            batch.add(buffer.pollFirst());
            bytes += size;
        }
        return batch;
    }

    private void pause(TopicPartition partition) {
        if (paused.add(partition)) {
            consumer.pause(List.of(partition));
        }
    }

    private void commit(TopicPartition partition, long nextOffset) {
        consumer.commitSync(Map.of(partition, new OffsetAndMetadata(nextOffset)));
    }

    private Map<String, Object> consumerProps() {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, MappingPollers.groupOf(mapping.getUuid()));
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "millrace-lambda-" + mapping.getUuid());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Every partition gets a position in the rebalance listener: one without is a bug, not a reason to guess.
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.max(500, mapping.getBatchSize()));
        // A reshard adds partitions: seen within a second rather than Kafka's default five minutes.
        props.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 1000);
        // A batch may be retried for a long time (MaximumRetryAttempts -1) without a poll in between.
        props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 30 * 60 * 1000);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return props;
    }

    /** Positions the partitions without a checkpoint at the StartingPosition, and forgets revoked ones. */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            forget(partitions);
        }

        private void forget(Collection<TopicPartition> partitions) {
            for (TopicPartition partition : partitions) {
                buffers.remove(partition);
                firstBufferedAt.remove(partition);
                gateCheckedAt.remove(partition);
                paused.remove(partition);
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
            Map<TopicPartition, Long> startAt = new HashMap<>();
            List<TopicPartition> fresh = new ArrayList<>();
            for (TopicPartition partition : partitions) {
                if (committed.get(partition) == null) {
                    fresh.add(partition);
                    startAt.put(partition, mapping.getStartMillis());
                }
            }
            if (fresh.isEmpty()) {
                return;
            }
            Map<TopicPartition, Long> positions = new HashMap<>();
            if (mapping.getStartMillis() <= 0) {
                consumer.beginningOffsets(fresh).forEach(positions::put);
            } else {
                Map<TopicPartition, OffsetAndTimestamp> byTime = consumer.offsetsForTimes(startAt);
                Map<TopicPartition, Long> ends = consumer.endOffsets(fresh);
                for (TopicPartition partition : fresh) {
                    OffsetAndTimestamp found = byTime.get(partition);
                    positions.put(partition, found != null ? found.offset() : ends.get(partition));
                }
            }
            Map<TopicPartition, OffsetAndMetadata> checkpoints = new HashMap<>();
            positions.forEach((partition, offset) -> {
                consumer.seek(partition, offset);
                checkpoints.put(partition, new OffsetAndMetadata(offset));
            });
            // Written at once, so a reshard's gate on another gateway sees where a parent without records stands.
            consumer.commitSync(checkpoints);
        }
    }
}

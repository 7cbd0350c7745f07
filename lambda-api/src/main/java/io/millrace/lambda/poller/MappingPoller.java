package io.millrace.lambda.poller;

import io.millrace.gateway.route.GatewayCalls;
import io.millrace.kinesis.model.Shards;
import io.millrace.kinesis.model.arn.ConsumerArn;
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
import java.util.function.Supplier;
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
 * at most {@link BatchLimits#MAX_BATCH_BYTES} of data so the event stays under Lambda's 6 MB payload), one batch of a shard at
 * a time in shard order, children after their parents ({@link LineageGate}); each settled piece is checkpointed as
 * the group's committed offset. A shard without a checkpoint starts at the mapping's StartingPosition. With a stream
 * consumer as the event source the group still shares the shards and keeps the checkpoints, but its partitions stay
 * paused: the records come through the consumer's SubscribeToShard ({@link FanOutFeed}).
 */
final class MappingPoller implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(MappingPoller.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final long GATE_RECHECK_MS = 250;
    private static final long STOP_GRACE_MS = 15_000;
    private static final long WINDOW_GRACE_MS = 1_000;

    private final EventSourceMappingRecord mapping;
    private final Map<String, Object> clientProps;
    private final StreamDirectory streams;
    private final BatchRunner runner;
    private final Filters filters;
    /** Null with ParallelizationFactor 1: the shard's batches run on the poller's thread. */
    private final ParallelBatches parallel;
    /** Null when the event source is the stream itself: the records are fetched by the consumer. */
    private final FanOutFeed fanOut;

    private final String region;
    private final String role;
    private final Map<TopicPartition, ArrayDeque<ConsumerRecord<byte[], byte[]>>> buffers = new HashMap<>();
    private final Map<TopicPartition, Long> firstBufferedAt = new HashMap<>();
    private final Map<TopicPartition, Long> gateCheckedAt = new HashMap<>();
    private final Set<TopicPartition> paused = new HashSet<>();
    /** Each shard's open tumbling window, with TumblingWindowInSeconds. */
    private final Map<TopicPartition, TumblingWindow> windows = new HashMap<>();
    /** Shards assigned with a stream consumer as the source whose metadata was not yet seen: subscribed later. */
    private final Set<TopicPartition> unsubscribed = new HashSet<>();

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
            String role,
            Supplier<GatewayCalls> calls) {
        this.mapping = mapping;
        this.clientProps = clientProps;
        this.streams = streams;
        this.region = region;
        this.role = role;
        this.runner = new BatchRunner(mapping, invocation, destination, () -> running);
        // Checked by Create/UpdateEventSourceMapping, so valid here.
        this.filters = Filters.of(mapping.getFilterPatterns());
        this.parallel = mapping.getParallelizationFactor() > 1
                ? new ParallelBatches(
                        mapping.getParallelizationFactor(),
                        mapping.getBatchSize(),
                        runner,
                        "millrace-lambda-batch-" + mapping.getUuid().substring(0, 8))
                : null;
        this.fanOut = ConsumerArn.parse(mapping.getEventSourceArn()) == null
                ? null
                : new FanOutFeed(
                        calls,
                        mapping.getEventSourceArn(),
                        region,
                        "millrace-lambda-subscriber-" + mapping.getUuid().substring(0, 8),
                        roundRecords());
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
                    "Event source mapping {} {} {} (topic {}) for {}",
                    mapping.getUuid(),
                    fanOut == null ? "polling" : "subscribing as " + mapping.getEventSourceArn() + " to",
                    mapping.getStreamName(),
                    stream.getTopic(),
                    mapping.getFunctionArn());
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    buffers.computeIfAbsent(partition, p -> new ArrayDeque<>()).add(record);
                    firstBufferedAt.putIfAbsent(partition, System.currentTimeMillis());
                }
                if (fanOut != null) {
                    if (!unsubscribed.isEmpty()) {
                        subscribe(List.copyOf(unsubscribed));
                    }
                    long now = System.currentTimeMillis();
                    fanOut.drainTo(buffers, roundRecords(), partition -> firstBufferedAt.putIfAbsent(partition, now));
                }
                processReady();
            }
        } catch (WakeupException | InterruptedException e) {
            // stopping
        } catch (RuntimeException e) {
            LOG.warn("Event source mapping {} poller failed: {}", mapping.getUuid(), e.toString());
        } finally {
            if (parallel != null) {
                parallel.close();
            }
            if (fanOut != null) {
                fanOut.close();
            }
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
            if (buffer == null) {
                continue;
            }
            if (!finishWindowIfOver(stream, partition, buffer, now)) {
                return;
            }
            if (buffer.isEmpty()) {
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
            TumblingWindow window = mapping.getTumblingWindowInSeconds() > 0
                    ? windows.computeIfAbsent(
                            partition,
                            p -> TumblingWindow.of(
                                    buffer.peekFirst().timestamp(), mapping.getTumblingWindowInSeconds()))
                    : null;
            List<ConsumerRecord<byte[], byte[]>> batch = take(buffer);
            if (window != null) {
                batch = withinWindow(batch, buffer, window);
            }
            if (buffer.isEmpty()) {
                firstBufferedAt.remove(partition);
            } else {
                firstBufferedAt.put(partition, now);
            }
            KinesisEvents.Source source = sourceOf(stream, partition);
            BatchRunner.Checkpoint checkpoint = window != null ? window::defer : next -> commit(partition, next);
            if (!run(source, batch, checkpoint, window)) {
                return;
            }
            if (window != null && window.terminatedEarly() && !finish(stream, partition, window, now)) {
                return;
            }
        }
        for (TopicPartition partition : new ArrayList<>(buffers.keySet())) {
            ArrayDeque<ConsumerRecord<byte[], byte[]>> buffer = buffers.get(partition);
            if (buffer.size() >= roundRecords()) {
                pause(partition);
            } else if (fanOut == null && paused.contains(partition) && !gateCheckedAt.containsKey(partition)) {
                paused.remove(partition);
                consumer.resume(List.of(partition));
            }
        }
    }

    private KinesisEvents.Source sourceOf(StreamMetadata stream, TopicPartition partition) {
        ShardMetadata shard = Shards.find(stream, partition.partition()).orElseThrow();
        return new KinesisEvents.Source(
                StreamArn.format(region, accountOf(), mapping.getStreamName()),
                region,
                role,
                shard.getIndex(),
                Shards.createdSeconds(shard));
    }

    /** The batch's records of the window; the later ones go back to the head of the buffer, for the next window. */
    private static List<ConsumerRecord<byte[], byte[]>> withinWindow(
            List<ConsumerRecord<byte[], byte[]>> batch,
            ArrayDeque<ConsumerRecord<byte[], byte[]>> buffer,
            TumblingWindow window) {
        int inside = 0;
        while (inside < batch.size() && batch.get(inside).timestamp() < window.endMillis()) {
            inside++;
        }
        for (int i = batch.size() - 1; i >= inside; i--) {
            buffer.addFirst(batch.get(i));
        }
        return batch.subList(0, inside);
    }

    /**
     * Ends the shard's tumbling window once it is over: a record of a later window is next, or its end has passed
     * (by {@link #WINDOW_GRACE_MS}, for records of it still on their way) with nothing of it left to run.
     *
     * @return false when the poller stopped before
     */
    private boolean finishWindowIfOver(
            StreamMetadata stream,
            TopicPartition partition,
            ArrayDeque<ConsumerRecord<byte[], byte[]>> buffer,
            long now)
            throws InterruptedException {
        TumblingWindow window = windows.get(partition);
        if (window == null) {
            return true;
        }
        boolean later = !buffer.isEmpty() && buffer.peekFirst().timestamp() >= window.endMillis();
        boolean passed = buffer.isEmpty() && now >= window.endMillis() + WINDOW_GRACE_MS;
        return !(later || passed) || finish(stream, partition, window, now);
    }

    private boolean finish(StreamMetadata stream, TopicPartition partition, TumblingWindow window, long now)
            throws InterruptedException {
        if (!runner.finish(sourceOf(stream, partition), window, now)) {
            return false;
        }
        windows.remove(partition);
        if (window.pendingOffset() >= 0) {
            commit(partition, window.pendingOffset());
        }
        return true;
    }

    /**
     * Runs the batch's records that pass the mapping's FilterCriteria; the others are dropped, and the checkpoint
     * moves past them as past records the function handled (AWS: a record no filter matches is discarded).
     */
    private boolean run(
            KinesisEvents.Source source,
            List<ConsumerRecord<byte[], byte[]>> batch,
            BatchRunner.Checkpoint checkpoint,
            TumblingWindow window)
            throws InterruptedException {
        if (batch.isEmpty()) {
            return true;
        }
        List<ConsumerRecord<byte[], byte[]>> kept = filters.isEmpty()
                ? batch
                : batch.stream()
                        .filter(r -> filters.accepts(withData -> KinesisEvents.filterDocument(source, r, withData)))
                        .toList();
        if (!kept.isEmpty()
                && !(parallel == null
                        ? runner.run(source, kept, checkpoint, window)
                        : parallel.run(source, kept, checkpoint))) {
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

    /** The shard's next batch, or with ParallelizationFactor N its next round of up to N batches. */
    private List<ConsumerRecord<byte[], byte[]>> take(ArrayDeque<ConsumerRecord<byte[], byte[]>> buffer) {
        int lanes = parallel == null ? 1 : mapping.getParallelizationFactor();
        return BatchLimits.take(buffer, roundRecords(), (long) BatchLimits.MAX_BATCH_BYTES * lanes);
    }

    /** Records a shard's buffer holds before its partition is paused: one round. */
    private int roundRecords() {
        return parallel == null ? mapping.getBatchSize() : parallel.roundRecords();
    }

    private void pause(TopicPartition partition) {
        if (paused.add(partition)) {
            consumer.pause(List.of(partition));
        }
    }

    private void commit(TopicPartition partition, long nextOffset) {
        consumer.commitSync(Map.of(partition, new OffsetAndMetadata(nextOffset)));
    }

    /** Each shard's subscription from its checkpoint, its partition paused: nothing is fetched from it. */
    private void subscribe(Collection<TopicPartition> partitions) {
        StreamMetadata stream = streams.stream(mapping.getStreamName()).orElse(null);
        for (TopicPartition partition : partitions) {
            if (paused.add(partition)) {
                consumer.pause(List.of(partition));
            }
            ShardMetadata shard = stream == null
                    ? null
                    : Shards.find(stream, partition.partition()).orElse(null);
            if (shard == null) {
                unsubscribed.add(partition);
            } else {
                unsubscribed.remove(partition);
                fanOut.start(new ShardSubscriber.Start(
                        partition, consumer.position(partition), Shards.createdSeconds(shard)));
            }
        }
    }

    private Map<String, Object> consumerProps() {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, MappingPollers.groupOf(mapping.getUuid()));
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "millrace-lambda-" + mapping.getUuid());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Every partition gets a position in the rebalance listener: one without is a bug, not a reason to guess.
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        props.put(
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                Math.max(500, mapping.getBatchSize() * mapping.getParallelizationFactor()));
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
                // Its checkpoint is still the window's start: whoever takes the shard runs the window again.
                windows.remove(partition);
                unsubscribed.remove(partition);
                if (fanOut != null) {
                    fanOut.stop(partition);
                }
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            position(partitions);
            if (fanOut != null) {
                subscribe(partitions);
            }
        }

        private void position(Collection<TopicPartition> partitions) {
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

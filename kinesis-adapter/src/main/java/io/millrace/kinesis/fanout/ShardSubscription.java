package io.millrace.kinesis.fanout;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.kinesis.api.KinesisBackend;
import io.millrace.kinesis.api.RecordsShape;
import io.millrace.kinesis.api.StreamShapes;
import io.millrace.kinesis.http.EventSink;
import io.millrace.kinesis.http.EventStreamReply;
import io.millrace.kinesis.metadata.Shards;
import io.millrace.kinesis.protocol.ApiException;
import io.millrace.kinesis.protocol.WireCodec;
import io.millrace.kinesis.storage.StreamTopics;
import io.millrace.schemas.kinesis.SequenceNumber;
import io.millrace.schemas.kinesis.ShardMetadata;
import io.millrace.schemas.kinesis.StreamConsumer;
import io.millrace.schemas.kinesis.StreamMetadata;
import io.millrace.schemas.kinesis.StreamStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SubscribeToShard: a Kafka consumer of its own, positioned on the shard's partition (no consumer group: the
 * position travels to the client as ContinuationSequenceNumber), pushing a SubscribeToShardEvent as soon as a
 * fetch returns records. The fetch waits at the broker until data arrives, so records reach the client within
 * one fetch round trip. An event also goes out every few seconds when nothing arrives, so the client sees the
 * subscription alive and keeps a continuation. It ends after the subscription's duration (5 minutes), at the end
 * of a closed shard (with ChildShards), or with an exception event when the consumer or stream goes away.
 */
final class ShardSubscription implements EventStreamReply {

    private static final Logger LOG = LoggerFactory.getLogger(ShardSubscription.class);
    /** How long a poll waits before the reader checks the shard, the consumer and the deadline again. */
    private static final Duration POLL = Duration.ofMillis(250);
    /** An event with no records when nothing arrived for this long. */
    private static final long HEARTBEAT_MILLIS = 5_000;
    /** At most this many records and bytes per event: GetRecords' record cap, and one second of the 2 MiB/s. */
    private static final int MAX_EVENT_RECORDS = 10_000;
    private static final long MAX_EVENT_BYTES = FanOutRate.BYTES_PER_SECOND;
    private static final long WRITABLE_WAIT_MILLIS = 30_000;

    /** What the subscription reads: one shard of one incarnation of a stream, for one consumer. */
    record Target(String stream, String incarnation, int shardIndex, String consumerName,
                  long consumerCreatedMillis, String consumerArn) {
    }

    private final KinesisBackend backend;
    private final Target target;
    private final Executor executor;
    private final long durationMillis;
    private final FanOutRate rate;
    private final AtomicReference<EventSink> sink = new AtomicReference<>();
    private volatile boolean finished;
    private volatile ApiException stopReason;
    private volatile KafkaConsumer<byte[], byte[]> reader;
    private long position;
    private String lastSequence;
    private long lastSentOffset = -1;

    ShardSubscription(KinesisBackend backend, Target target, long startOffset, long durationMillis,
                      Executor executor) {
        this.backend = backend;
        this.target = target;
        this.position = startOffset;
        this.durationMillis = durationMillis;
        this.executor = executor;
        this.rate = new FanOutRate(backend.config().shardLimitsEnforced());
    }

    @Override
    public void start(EventSink events) {
        sink.set(events);
        events.onClose(this::stop);
        executor.execute(this::run);
    }

    boolean isFinished() {
        return finished;
    }

    /** A later subscription of the same consumer to the same shard took over: this one ends, as AWS ends it. */
    void takenOver() {
        stopReason = ApiException.resourceInUse("Subscription of " + target.consumerArn() + " to shard "
                + Shards.shardId(target.shardIndex()) + " was replaced by a newer SubscribeToShard.");
        stop();
    }

    private void stop() {
        KafkaConsumer<byte[], byte[]> current = reader;
        if (current != null) {
            current.wakeup();
        }
    }

    private void run() {
        EventSink events = sink.get();
        long deadline = backend.now() + durationMillis;
        long lastEventAt = backend.now();
        TopicPartition partition = null;
        try (KafkaConsumer<byte[], byte[]> consumer = newReader()) {
            reader = consumer;
            while (events.isOpen() && stopReason == null) {
                ShardMetadata shard = currentShard();
                if (partition == null) {
                    partition = new TopicPartition(backend.metadata().stream(target.stream()).orElseThrow()
                            .getTopic(), target.shardIndex());
                    consumer.assign(List.of(partition));
                    consumer.seek(partition, position);
                }
                Long end = shard.getEndOffset();
                if (end != null && position >= end) {
                    events.event("SubscribeToShardEvent", shardEnd(shard));
                    events.end();
                    return;
                }
                if (backend.now() >= deadline) {
                    events.end();
                    return;
                }
                List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL).records(partition)) {
                    if (end == null || record.offset() < end) {
                        batch.add(record);
                    }
                }
                if (!batch.isEmpty()) {
                    send(events, shard, batch, consumer.currentLag(partition));
                    lastEventAt = backend.now();
                } else {
                    // After a trim (data past retention) the reader resets to the earliest offset: follow it.
                    position = Math.max(position, consumer.position(partition));
                    if (backend.now() - lastEventAt >= HEARTBEAT_MILLIS) {
                        events.event("SubscribeToShardEvent", event(shard, List.of(), true));
                        lastEventAt = backend.now();
                    }
                }
            }
            if (stopReason != null) {
                events.fail(stopReason);
            }
        } catch (WakeupException e) {
            if (stopReason != null) {
                events.fail(stopReason);
            }
        } catch (ApiException e) {
            events.fail(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            events.end();
        } catch (RuntimeException e) {
            LOG.error("Subscription of {} to {} {} failed", target.consumerArn(), target.stream(),
                    Shards.shardId(target.shardIndex()), e);
            events.fail(new ApiException("InternalFailureException", 500, "Internal service failure."));
        } finally {
            reader = null;
            finished = true;
            events.end();
        }
    }

    /** Sends {@code batch} in events of at most 10,000 records and 2 MiB, each paced by the consumer's rate. */
    private void send(EventSink events, ShardMetadata shard, List<ConsumerRecord<byte[], byte[]>> batch,
                      OptionalLong lagAfterBatch) throws InterruptedException {
        int from = 0;
        while (from < batch.size()) {
            int to = from;
            long bytes = 0;
            while (to < batch.size() && to - from < MAX_EVENT_RECORDS) {
                long size = size(batch.get(to));
                if (to > from && bytes + size > MAX_EVENT_BYTES) {
                    break;
                }
                bytes += size;
                to++;
            }
            rate.acquire(bytes);
            if (!events.awaitWritable(WRITABLE_WAIT_MILLIS)) {
                throw new InterruptedException("client stopped reading");
            }
            List<ConsumerRecord<byte[], byte[]>> chunk = batch.subList(from, to);
            boolean caughtUp = to == batch.size() && lagAfterBatch.isPresent() && lagAfterBatch.getAsLong() == 0;
            events.event("SubscribeToShardEvent", event(shard, chunk, caughtUp));
            from = to;
        }
    }

    private ObjectNode event(ShardMetadata shard, List<ConsumerRecord<byte[], byte[]>> records, boolean caughtUp) {
        long createdSeconds = Shards.createdSeconds(shard);
        ObjectNode event = WireCodec.object();
        event.putPOJO("Records", new RecordsShape(records, createdSeconds, shard.getIndex()));
        long behind = 0;
        if (!records.isEmpty()) {
            ConsumerRecord<byte[], byte[]> last = records.get(records.size() - 1);
            lastSequence = SequenceNumber.format(createdSeconds, shard.getIndex(), last.offset(),
                    last.timestamp() / 1000);
            lastSentOffset = last.offset();
            position = last.offset() + 1;
            behind = caughtUp ? 0 : Math.max(0, backend.now() - last.timestamp());
            backend.metrics().recordGet(target.stream(), shard.getIndex(), records.size(),
                    records.stream().mapToLong(ShardSubscription::size).sum(), behind);
        }
        event.put("ContinuationSequenceNumber", continuation(shard));
        event.put("MillisBehindLatest", behind);
        return event;
    }

    /**
     * Where a new subscription with AFTER_SEQUENCE_NUMBER resumes: the last record sent; when that is not the
     * record before the position (nothing sent yet), that record's number with the current time in its time field
     * (positions ignore it); at offset 0, the shard's "before the first record" marker.
     */
    private String continuation(ShardMetadata shard) {
        if (lastSequence != null && lastSentOffset == position - 1) {
            return lastSequence;
        }
        if (position == 0) {
            return beforeFirst(shard);
        }
        return SequenceNumber.format(Shards.createdSeconds(shard), shard.getIndex(), position - 1,
                backend.now() / 1000);
    }

    /**
     * A sequence number that no record has (record time 0) and that sorts below the shard's first record: a
     * subscription AFTER it starts at offset 0.
     */
    static String beforeFirst(ShardMetadata shard) {
        return SequenceNumber.format(Shards.createdSeconds(shard), shard.getIndex(), 0, 0);
    }

    /** The last event of a closed shard read to its end: no continuation, the children instead. */
    private ObjectNode shardEnd(ShardMetadata shard) {
        ObjectNode event = WireCodec.object();
        event.putPOJO("Records", new RecordsShape(List.of(), Shards.createdSeconds(shard), shard.getIndex()));
        event.put("MillisBehindLatest", 0L);
        StreamMetadata stream = backend.metadata().stream(target.stream()).orElseThrow();
        event.set("ChildShards", StreamShapes.childShards(stream, shard));
        return event;
    }

    /** The shard as the metadata shows it now; the stream or the consumer gone ends the subscription. */
    private ShardMetadata currentShard() {
        Optional<StreamMetadata> stream = backend.metadata().stream(target.stream())
                .filter(s -> s.getIncarnation().equals(target.incarnation()))
                .filter(s -> s.getStatus() != StreamStatus.DELETING);
        if (stream.isEmpty()) {
            throw ApiException.resourceNotFound("Stream " + target.stream() + " under account "
                    + backend.accountId() + " not found.");
        }
        long now = backend.now();
        Optional<StreamConsumer> consumer = ConsumerStates.named(stream.get().getConsumers(),
                target.consumerName(), now).filter(c -> c.getCreatedAtMillis() == target.consumerCreatedMillis());
        if (consumer.isEmpty() || ConsumerStates.status(consumer.get(), now) != ConsumerStates.Status.ACTIVE) {
            throw ConsumerLookup.consumerNotFound(target.consumerArn());
        }
        return Shards.find(stream.get(), target.shardIndex()).orElseThrow(() -> ApiException.resourceNotFound(
                "Shard " + Shards.shardId(target.shardIndex()) + " in stream " + target.stream() + " under account "
                        + backend.accountId() + " does not exist"));
    }

    private KafkaConsumer<byte[], byte[]> newReader() {
        Map<String, Object> props = new HashMap<>(backend.config().kafkaClientProperties());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Data older than the retention period is gone: the subscription continues from the trim horizon.
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_EVENT_RECORDS);
        // The broker answers a fetch as soon as one record is there: push latency, not a polling interval.
        props.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) POLL.toMillis());
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, StreamTopics.MAX_MESSAGE_BYTES);
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, StreamTopics.MAX_MESSAGE_BYTES);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "millrace-fanout-" + target.consumerName() + "-"
                + target.shardIndex());
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static long size(ConsumerRecord<byte[], byte[]> record) {
        return Math.max(0, record.serializedValueSize()) + Math.max(0, record.serializedKeySize());
    }
}

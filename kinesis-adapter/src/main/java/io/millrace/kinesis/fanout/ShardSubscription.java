package io.millrace.kinesis.fanout;

import io.millrace.gateway.http.EventSink;
import io.millrace.gateway.http.EventStreamReply;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.kinesis.api.KinesisBackend;
import io.millrace.kinesis.errors.KinesisErrors;
import io.millrace.kinesis.metadata.ConsumerStates;
import io.millrace.kinesis.model.ShardId;
import io.millrace.kinesis.model.Shards;
import io.millrace.schemas.kinesis.ShardMetadata;
import io.millrace.schemas.kinesis.StreamConsumer;
import io.millrace.schemas.kinesis.StreamMetadata;
import io.millrace.schemas.kinesis.StreamStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SubscribeToShard, pushing a SubscribeToShardEvent as soon as records reach the shard. At the shard's tail it
 * reads from the gateway's {@link ShardTail} of the shard, shared by every subscription there: the tail's one Kafka
 * reader fetches with a wait at the broker and wakes its subscriptions as records arrive, so records reach the
 * client within one fetch round trip. A position before the tail's window (TRIM_HORIZON, AT_TIMESTAMP, a client that
 * fell behind) is read with a Kafka consumer of the subscription's own ({@link OwnReader}, no consumer group: the
 * position travels to the client as ContinuationSequenceNumber) until it reaches the window; both hand over at the
 * next record, so nothing is skipped or repeated. An event also goes out every few seconds when nothing arrives, so
 * the client sees the subscription alive and keeps a continuation. It ends after the subscription's duration (5
 * minutes), at the end of a closed shard (with ChildShards), or with an exception event when the consumer or stream
 * goes away.
 */
final class ShardSubscription implements EventStreamReply {

    private static final Logger LOG = LoggerFactory.getLogger(ShardSubscription.class);
    /** An event with no records when nothing arrived for this long. */
    private static final long HEARTBEAT_MILLIS = 5_000;
    /** At most this many records and bytes per event: GetRecords' record cap, and one second of the 2 MiB/s. */
    private static final int MAX_EVENT_RECORDS = FanOutReaders.MAX_POLL_RECORDS;

    private static final long MAX_EVENT_BYTES = FanOutRate.BYTES_PER_SECOND;
    /** A client whose flow-control window stays shut this long has stopped reading: the subscription ends. */
    private static final long WRITABLE_WAIT_MILLIS = 30_000;

    /** What the subscription reads: one shard of one incarnation of a stream, for one consumer. */
    record Target(
            String stream,
            String incarnation,
            int shardIndex,
            String consumerName,
            long consumerCreatedMillis,
            String consumerArn) {}

    private final KinesisBackend backend;
    private final Target target;
    private final Executor executor;
    private final ShardTails tails;
    private final long durationMillis;
    private final FanOutRate rate;
    private final ShardEvents shardEvents;
    private final AtomicReference<EventSink> sink = new AtomicReference<>();
    private volatile boolean finished;
    private volatile ApiException stopReason;
    private volatile OwnReader own;
    private volatile TailWindow window;

    ShardSubscription(
            KinesisBackend backend,
            Target target,
            long startOffset,
            long durationMillis,
            Executor executor,
            ShardTails tails) {
        this.backend = backend;
        this.target = target;
        this.durationMillis = durationMillis;
        this.executor = executor;
        this.tails = tails;
        this.rate = new FanOutRate(
                backend.limiter(), backend.usage(), target.stream(), target.consumerArn(), target.shardIndex());
        this.shardEvents = new ShardEvents(backend, target.stream(), target.consumerName(), startOffset);
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
        stopReason = KinesisErrors.resourceInUse("Subscription of " + target.consumerArn() + " to shard "
                + ShardId.format(target.shardIndex()) + " was replaced by a newer SubscribeToShard.");
        stop();
    }

    private void stop() {
        OwnReader reader = own;
        if (reader != null) {
            reader.wakeup();
        }
        TailWindow current = window;
        if (current != null) {
            current.wakeAll();
        }
    }

    private void run() {
        EventSink events = sink.get();
        ShardTail tail = null;
        try {
            StreamMetadata stream = currentStream();
            TopicPartition partition = new TopicPartition(stream.getTopic(), target.shardIndex());
            tail = tails.acquire(
                    new ShardTails.Key(target.stream(), target.incarnation(), target.shardIndex()), partition);
            window = tails.window(tail, shardEvents.position());
            pump(partition, events);
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
        } catch (RuntimeException e) {
            LOG.error(
                    "Subscription of {} to {} {} failed",
                    target.consumerArn(),
                    target.stream(),
                    ShardId.format(target.shardIndex()),
                    e);
            events.fail(ApiException.internalFailure("Internal service failure."));
        } finally {
            closeOwn();
            if (tail != null) {
                tails.release(tail);
            }
            finished = true;
            events.end();
        }
    }

    /** Reads and sends until the subscription's time is up, the shard is read to its end, or it is stopped. */
    private void pump(TopicPartition partition, EventSink events) throws InterruptedException {
        long deadline = backend.now() + durationMillis;
        long lastEventAt = backend.now();
        while (events.isOpen() && stopReason == null) {
            StreamMetadata stream = currentStream();
            ShardMetadata shard = Shards.find(stream, target.shardIndex())
                    .orElseThrow(() -> KinesisErrors.resourceNotFound(
                            "Shard " + ShardId.format(target.shardIndex()) + " in stream " + target.stream()
                                    + " under account " + backend.accountId() + " does not exist"));
            Long end = shard.getEndOffset();
            if (end != null && shardEvents.position() >= end) {
                events.event(ShardEvents.EVENT_TYPE, shardEvents.shardEnd(stream, shard));
                return;
            }
            if (backend.now() >= deadline) {
                return;
            }
            TailWindow.Slice slice = read(partition);
            List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> record : slice.records()) {
                if (end == null || record.offset() < end) {
                    batch.add(record);
                }
            }
            if (!batch.isEmpty()) {
                if (!send(events, shard, batch, slice.lag())) {
                    return;
                }
                lastEventAt = backend.now();
            } else {
                // After a trim (data past retention) the reader resets to the earliest offset: follow it.
                shardEvents.skipTo(slice.next());
                if (backend.now() - lastEventAt >= HEARTBEAT_MILLIS) {
                    events.event(ShardEvents.EVENT_TYPE, shardEvents.records(shard, List.of(), true));
                    lastEventAt = backend.now();
                }
            }
        }
    }

    /**
     * The next records from the subscription's position: from the shard tail's window when it covers the position
     * (waiting there for records when at the end), else from a reader of the subscription's own, which it keeps
     * until the window covers the position again.
     */
    private TailWindow.Slice read(TopicPartition partition) throws InterruptedException {
        long position = shardEvents.position();
        if (window.covers(position)) {
            closeOwn();
            TailWindow.Slice slice = window.read(position, MAX_EVENT_RECORDS, FanOutReaders.POLL.toMillis());
            if (slice != null) {
                return slice;
            }
        }
        OwnReader reader = own;
        if (reader == null) {
            reader = OwnReader.open(
                    backend,
                    "millrace-fanout-" + target.consumerName() + "-" + target.shardIndex(),
                    partition,
                    position);
            own = reader;
            if (stopReason != null || !sink.get().isOpen()) {
                // stop() may have run before the reader was there to wake: this poll is not waited for.
                return new TailWindow.Slice(List.of(), position, OptionalLong.empty());
            }
        }
        return reader.read();
    }

    private void closeOwn() {
        OwnReader reader = own;
        if (reader != null) {
            own = null;
            reader.close();
        }
    }

    /**
     * Sends {@code batch} in events of at most 10,000 records and 2 MiB, each paced by the consumer's rate; false
     * when the client stopped reading.
     */
    private boolean send(
            EventSink events,
            ShardMetadata shard,
            List<ConsumerRecord<byte[], byte[]>> batch,
            OptionalLong lagAfterBatch)
            throws InterruptedException {
        int from = 0;
        while (from < batch.size()) {
            int to = from;
            long bytes = 0;
            while (to < batch.size() && to - from < MAX_EVENT_RECORDS) {
                long size = ShardEvents.size(batch.get(to));
                if (to > from && bytes + size > MAX_EVENT_BYTES) {
                    break;
                }
                bytes += size;
                to++;
            }
            rate.acquire(bytes);
            if (!events.awaitWritable(WRITABLE_WAIT_MILLIS)) {
                return false;
            }
            boolean caughtUp = to == batch.size() && lagAfterBatch.isPresent() && lagAfterBatch.getAsLong() == 0;
            events.event(ShardEvents.EVENT_TYPE, shardEvents.records(shard, batch.subList(from, to), caughtUp));
            from = to;
        }
        return true;
    }

    /** The stream as the metadata shows it now; the stream or the consumer gone ends the subscription. */
    private StreamMetadata currentStream() {
        Optional<StreamMetadata> stream = backend.metadata().stream(target.stream())
                .filter(s -> s.getIncarnation().equals(target.incarnation()))
                .filter(s -> s.getStatus() != StreamStatus.DELETING);
        if (stream.isEmpty()) {
            throw KinesisErrors.resourceNotFound(
                    "Stream " + target.stream() + " under account " + backend.accountId() + " not found.");
        }
        long now = backend.now();
        Optional<StreamConsumer> consumer = ConsumerStates.named(
                        stream.get().getConsumers(), target.consumerName(), now)
                .filter(c -> c.getCreatedAtMillis() == target.consumerCreatedMillis());
        if (consumer.isEmpty() || ConsumerStates.status(consumer.get(), now) != ConsumerStates.Status.ACTIVE) {
            throw ConsumerLookup.consumerNotFound(target.consumerArn());
        }
        return stream.get();
    }
}

package io.millrace.lambda.poller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import io.millrace.gateway.access.RequestContext;
import io.millrace.gateway.http.EventSink;
import io.millrace.gateway.http.EventStreamReply;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.protocol.WireCodec;
import io.millrace.gateway.protocol.WireFormat;
import io.millrace.gateway.route.GatewayCalls;
import io.millrace.kinesis.model.SequenceNumber;
import io.millrace.kinesis.model.ShardId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One shard of a mapping whose event source is a stream consumer, read as Lambda reads it with enhanced fan-out
 * (developer guide, "Using Lambda with Kinesis", "Stream consumers"): SubscribeToShard of that consumer, called
 * in-process through the gateway (so the consumer's 2 MiB/s per shard, its metrics and its audit events are those
 * of any subscriber), again after each subscription ends (5 minutes) from after the last record received. Records
 * wait in a queue of {@code capacity} for the poller; a full queue holds the subscription back (its flow control),
 * rather than filling memory. A call refused because the consumer's last subscription to the shard is under 5
 * seconds old (ResourceInUseException, as after a restart) is tried again a second later, as is one refused because
 * the consumer is gone (ResourceNotFoundException), until {@link SourceWatch} disables the mapping.
 */
final class ShardSubscriber implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ShardSubscriber.class);
    private static final WireCodec CODEC = new WireCodec();
    private static final String KINESIS = "Kinesis_20131202";
    private static final long RETRY_MS = 1_000;
    private static final long QUEUE_WAIT_MS = 10;

    /** Where a subscriber starts: the shard, the offset of its next record, and its creation for sequence numbers. */
    record Start(TopicPartition partition, long nextOffset, long shardCreatedSeconds) {}

    private final Supplier<GatewayCalls> calls;
    private final String consumerArn;
    private final String region;
    private final Start start;
    private final int capacity;
    private final Deque<ConsumerRecord<byte[], byte[]>> queue = new ConcurrentLinkedDeque<>();
    private final AtomicInteger queued = new AtomicInteger();
    private volatile long next;
    private volatile boolean running = true;
    private volatile boolean shardEnded;
    private volatile Subscription current;
    private Thread thread;

    ShardSubscriber(Supplier<GatewayCalls> calls, String consumerArn, String region, Start start, int capacity) {
        this.calls = calls;
        this.consumerArn = consumerArn;
        this.region = region;
        this.start = start;
        this.capacity = capacity;
        this.next = start.nextOffset();
    }

    void start(String name) {
        thread = new Thread(this, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Moves up to {@code room} received records, in shard order, to the end of {@code buffer}; how many. */
    int drainTo(Deque<ConsumerRecord<byte[], byte[]>> buffer, int room) {
        int moved = 0;
        ConsumerRecord<byte[], byte[]> record;
        while (moved < room && (record = queue.pollFirst()) != null) {
            queued.decrementAndGet();
            buffer.addLast(record);
            moved++;
        }
        return moved;
    }

    /** Ends the subscription (the Kinesis side stops reading) and the thread. */
    void stop() {
        running = false;
        Subscription subscription = current;
        if (subscription != null) {
            subscription.end();
        }
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void run() {
        String shardId = ShardId.format(start.partition().partition());
        while (running && !shardEnded) {
            try {
                GatewayCalls gateway = calls.get();
                if (gateway == null) {
                    Thread.sleep(RETRY_MS);
                    continue;
                }
                JsonNode answer = gateway.call(
                                gateway.openModeCaller(),
                                new RequestContext(
                                        "lambda.amazonaws.com", false, Instant.now(), "lambda.amazonaws.com", region),
                                KINESIS,
                                "SubscribeToShard",
                                request(shardId))
                        .toCompletableFuture()
                        .get();
                if (!(answer instanceof POJONode pojo && pojo.getPojo() instanceof EventStreamReply reply)) {
                    throw new IllegalStateException("SubscribeToShard answered no event stream");
                }
                Subscription subscription = new Subscription();
                current = subscription;
                reply.start(subscription);
                subscription.awaitEnd();
            } catch (InterruptedException e) {
                return;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof ApiException api && "ResourceInUseException".equals(api.type())) {
                    LOG.debug("Subscription of {} to {} not yet possible: {}", consumerArn, shardId, api.getMessage());
                } else if (cause instanceof ApiException api && "ResourceNotFoundException".equals(api.type())) {
                    // The consumer (or stream) is gone: SourceWatch says so once and disables the mapping in time.
                    LOG.debug("Subscription of {} to {} not possible: {}", consumerArn, shardId, api.getMessage());
                } else {
                    LOG.warn("SubscribeToShard of {} to {} failed: {}", consumerArn, shardId, cause.toString());
                }
                if (!pause()) {
                    return;
                }
            } catch (RuntimeException e) {
                LOG.warn("Subscription of {} to {} failed: {}", consumerArn, shardId, e.toString());
                if (!pause()) {
                    return;
                }
            }
        }
    }

    private boolean pause() {
        try {
            Thread.sleep(RETRY_MS);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    /**
     * AFTER_SEQUENCE_NUMBER of the record before the next one; at the shard's first record the number that sorts
     * below it (record time 0), which the Kinesis API reads as "from the first record".
     */
    private ObjectNode request(String shardId) {
        ObjectNode request = WireCodec.object();
        request.put("ConsumerARN", consumerArn);
        request.put("ShardId", shardId);
        ObjectNode position = request.putObject("StartingPosition");
        position.put("Type", "AFTER_SEQUENCE_NUMBER");
        long from = next;
        position.put(
                "SequenceNumber",
                SequenceNumber.format(
                        start.shardCreatedSeconds(),
                        start.partition().partition(),
                        Math.max(0, from - 1),
                        from == 0 ? 0 : System.currentTimeMillis() / 1000));
        return request;
    }

    /** A subscription's event stream, received in-process. */
    private final class Subscription implements EventSink {

        private final CountDownLatch ended = new CountDownLatch(1);
        private final List<Runnable> onClose = new ArrayList<>();

        @Override
        public void event(String eventType, JsonNode payload) {
            JsonNode event = CODEC.read(WireFormat.JSON, CODEC.write(WireFormat.JSON, payload));
            TopicPartition partition = start.partition();
            for (JsonNode record : event.path("Records")) {
                long offset = SequenceNumber.parse(record.path("SequenceNumber").asText())
                        .offset();
                if (offset < next) {
                    continue;
                }
                byte[] key = record.path("PartitionKey").asText().getBytes(StandardCharsets.UTF_8);
                byte[] value = Base64.getDecoder().decode(record.path("Data").asText());
                long arrival = record.path("ApproximateArrivalTimestamp")
                        .decimalValue()
                        .movePointRight(3)
                        .longValue();
                queue.addLast(new ConsumerRecord<>(
                        partition.topic(),
                        partition.partition(),
                        offset,
                        arrival,
                        TimestampType.CREATE_TIME,
                        key.length,
                        value.length,
                        key,
                        value,
                        new RecordHeaders(),
                        Optional.empty()));
                queued.incrementAndGet();
                next = offset + 1;
            }
            if (event.has("ChildShards") && !event.hasNonNull("ContinuationSequenceNumber")) {
                // A closed shard read to its end: its children have subscribers of their own.
                shardEnded = true;
            }
        }

        @Override
        public void fail(ApiException error) {
            LOG.info(
                    "Subscription of {} to {} ended: {} {}",
                    consumerArn,
                    ShardId.format(start.partition().partition()),
                    error.type(),
                    error.getMessage());
            end();
        }

        @Override
        public void end() {
            List<Runnable> actions;
            synchronized (this) {
                if (ended.getCount() == 0) {
                    return;
                }
                ended.countDown();
                actions = List.copyOf(onClose);
            }
            actions.forEach(Runnable::run);
        }

        @Override
        public boolean isOpen() {
            return ended.getCount() > 0 && running;
        }

        @Override
        public boolean awaitWritable(long timeoutMillis) throws InterruptedException {
            long deadline = System.currentTimeMillis() + timeoutMillis;
            while (isOpen() && queued.get() >= capacity) {
                if (System.currentTimeMillis() >= deadline) {
                    return false;
                }
                Thread.sleep(QUEUE_WAIT_MS);
            }
            return isOpen();
        }

        @Override
        public void onClose(Runnable action) {
            boolean now;
            synchronized (this) {
                now = ended.getCount() == 0;
                if (!now) {
                    onClose.add(action);
                }
            }
            if (now) {
                action.run();
            }
        }

        void awaitEnd() throws InterruptedException {
            ended.await();
        }
    }
}

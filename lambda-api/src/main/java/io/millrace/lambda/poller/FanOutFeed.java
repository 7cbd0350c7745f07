package io.millrace.lambda.poller;

import io.millrace.gateway.route.GatewayCalls;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The records of a mapping whose event source is a stream consumer (enhanced fan-out): a {@link ShardSubscriber} per
 * shard this gateway's poller is assigned. The poller's consumer group still decides which gateway takes which shard
 * and holds the checkpoints, its partitions paused; only the records come through the consumer's subscriptions
 * instead of fetches. Used on the poller's thread.
 */
final class FanOutFeed implements AutoCloseable {

    private final Supplier<GatewayCalls> calls;
    private final String consumerArn;
    private final String region;
    private final String threadPrefix;
    private final int capacity;
    private final Map<TopicPartition, ShardSubscriber> shards = new HashMap<>();

    /** {@code capacity}: the records a shard's subscriber holds for the poller before its subscription waits. */
    FanOutFeed(Supplier<GatewayCalls> calls, String consumerArn, String region, String threadPrefix, int capacity) {
        this.calls = calls;
        this.consumerArn = consumerArn;
        this.region = region;
        this.threadPrefix = threadPrefix;
        this.capacity = capacity;
    }

    /** Subscribes to a shard assigned to this poller, from the offset its checkpoint names. */
    void start(ShardSubscriber.Start start) {
        stop(start.partition());
        ShardSubscriber subscriber = new ShardSubscriber(calls, consumerArn, region, start, capacity);
        shards.put(start.partition(), subscriber);
        subscriber.start(threadPrefix + "-" + start.partition().partition());
    }

    /** Ends the subscription of a shard taken away from this poller; what it held is dropped. */
    void stop(TopicPartition partition) {
        ShardSubscriber subscriber = shards.remove(partition);
        if (subscriber != null) {
            subscriber.stop();
        }
    }

    /**
     * Moves each shard's received records to its buffer, at most until the buffer holds {@code limit}; calls
     * {@code filled} for each shard that got records.
     */
    void drainTo(
            Map<TopicPartition, ArrayDeque<ConsumerRecord<byte[], byte[]>>> buffers,
            int limit,
            java.util.function.Consumer<TopicPartition> filled) {
        shards.forEach((partition, subscriber) -> {
            ArrayDeque<ConsumerRecord<byte[], byte[]>> buffer =
                    buffers.computeIfAbsent(partition, p -> new ArrayDeque<>());
            if (buffer.size() < limit && subscriber.drainTo(buffer, limit - buffer.size()) > 0) {
                filled.accept(partition);
            }
        });
    }

    @Override
    public void close() {
        for (TopicPartition partition : List.copyOf(shards.keySet())) {
            stop(partition);
        }
    }
}

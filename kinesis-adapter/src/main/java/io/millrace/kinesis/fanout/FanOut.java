package io.millrace.kinesis.fanout;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.kinesis.api.FanOutActions;
import io.millrace.kinesis.api.KinesisBackend;
import io.millrace.kinesis.config.KinesisConfig;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Enhanced fan-out: the consumer registry actions and SubscribeToShard, as the Kinesis API registers them. Each
 * subscription sends on a thread of its own (it waits for records and for its client for up to 5 minutes), and each
 * shard tail reads on one; they are daemon threads that end with their subscription (which ends when the server
 * closes its connection) or tail.
 */
public final class FanOut implements FanOutActions {

    private final ConsumerActions consumers;
    private final SubscribeToShardAction subscribe;

    public FanOut(KinesisBackend backend, IteratorResolver iterators) {
        ConsumerLookup lookup = new ConsumerLookup(backend);
        this.consumers = new ConsumerActions(backend, lookup);
        AtomicInteger count = new AtomicInteger();
        ExecutorService readers = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "millrace-fanout-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        long durationMillis = backend.config().getInt(KinesisConfig.SUBSCRIPTION_SECONDS) * 1000L;
        this.subscribe = new SubscribeToShardAction(
                backend, lookup, iterators, new SubscriptionLeases(), durationMillis, readers);
    }

    @Override
    public JsonNode registerStreamConsumer(AwsRequest request) throws InterruptedException {
        return consumers.register(request);
    }

    @Override
    public JsonNode describeStreamConsumer(AwsRequest request) {
        return consumers.describe(request);
    }

    @Override
    public JsonNode listStreamConsumers(AwsRequest request) {
        return consumers.list(request);
    }

    @Override
    public JsonNode deregisterStreamConsumer(AwsRequest request) throws InterruptedException {
        return consumers.deregister(request);
    }

    @Override
    public JsonNode subscribeToShard(AwsRequest request) throws InterruptedException {
        return subscribe.subscribe(request);
    }
}

package io.millrace.bench.workload;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StartingPosition;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEventStream;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponseHandler;

/**
 * Enhanced fan-out readers: one SubscribeToShard event stream per shard and consumer, for consumers already ACTIVE,
 * through the SDK's async client (Netty, HTTP/2). The first subscription of a shard starts at TRIM_HORIZON; when a
 * subscription ends (after 5 minutes, or with an error) the next one starts AFTER_SEQUENCE_NUMBER the last
 * ContinuationSequenceNumber, as the KCL does, so nothing is lost or read twice. A failed subscription is retried
 * after a pause growing with the streak (a new one within 5 s of the last is refused with ResourceInUseException);
 * ten failures in a row on a shard fail the run.
 */
public final class FanOutReaders implements E2eReaders {

    /** How long {@link #start} waits for every subscription's initial response. */
    private static final Duration FIRST_RESPONSE_TIMEOUT = Duration.ofSeconds(30);

    private static final long RETRY_PAUSE_MILLIS = 500;

    private final KinesisAsyncClient client;
    private final List<String> consumerArns;
    private final String runName;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final List<ShardReader> shardReaders = new CopyOnWriteArrayList<>();
    private final AtomicInteger running = new AtomicInteger();
    private final LongAdder subscriptions = new LongAdder();
    private final LongAdder renewed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder events = new LongAdder();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-e2e-fan-out-retry");
        t.setDaemon(true);
        return t;
    });
    private volatile long deadlineNanos;

    /**
     * @param consumerArns ACTIVE consumers of the stream; each one reads every shard
     * @param runName      the run's name in the report
     */
    public FanOutReaders(KinesisAsyncClient client, List<String> consumerArns, String runName) {
        this.client = client;
        this.consumerArns = List.copyOf(consumerArns);
        this.runName = runName;
    }

    @Override
    public String runName() {
        return runName;
    }

    @Override
    public int consumers() {
        return consumerArns.size();
    }

    @Override
    public String latencyOf() {
        return "one record, from PutRecord acknowledged to delivered in a SubscribeToShardEvent";
    }

    @Override
    public CompletableFuture<Void> start(List<String> shards, List<Delivery> deliveries, Duration maxRun) {
        deadlineNanos = System.nanoTime() + maxRun.toNanos();
        running.set(shards.size() * consumerArns.size());
        for (int c = 0; c < consumerArns.size(); c++) {
            for (String shard : shards) {
                shardReaders.add(new ShardReader(consumerArns.get(c), shard, deliveries.get(c)));
            }
        }
        shardReaders.forEach(ShardReader::subscribe);
        CompletableFuture<?>[] firsts =
                shardReaders.stream().map(r -> r.firstResponse).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.anyOf(CompletableFuture.allOf(firsts), done)
                    .get(FIRST_RESPONSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            stop();
            throw e.getCause() instanceof BenchFailure bf
                    ? bf
                    : new BenchFailure("SubscribeToShard failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            stop();
            throw new BenchFailure(
                    "SubscribeToShard: no initial response within " + FIRST_RESPONSE_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            throw new BenchFailure("interrupted");
        }
        return done;
    }

    @Override
    public void stop() {
        if (stopped.compareAndSet(false, true)) {
            retries.shutdownNow();
            shardReaders.forEach(ShardReader::cancel);
            done.complete(null);
        }
    }

    @Override
    public Map<String, String> notes() {
        Map<String, String> notes = new LinkedHashMap<>();
        notes.put(consumerArns.size() == 1 ? "consumer" : "consumers", String.join(", ", consumerArns));
        notes.put("SubscribeToShard calls", Long.toString(subscriptions.sum()));
        notes.put(
                "subscriptions renewed after they ended (from ContinuationSequenceNumber)",
                Long.toString(renewed.sum()));
        notes.put("failed SubscribeToShard calls or event streams", Long.toString(failed.sum()));
        notes.put("SubscribeToShardEvents received", Long.toString(events.sum()));
        return notes;
    }

    /** The subscriptions of one shard, one after the other. */
    private final class ShardReader {
        private final String consumerArn;
        private final String shardId;
        private final Delivery delivery;
        private final CompletableFuture<Void> firstResponse = new CompletableFuture<>();
        private volatile String continuation;
        private volatile boolean closed;
        private volatile Subscription current;
        private int streak;
        private Throwable lastError;

        ShardReader(String consumerArn, String shardId, Delivery delivery) {
            this.consumerArn = consumerArn;
            this.shardId = shardId;
            this.delivery = delivery;
        }

        void subscribe() {
            if (stopped.get()) {
                return;
            }
            String after = continuation;
            StartingPosition position = after == null
                    ? StartingPosition.builder()
                            .type(ShardIteratorType.TRIM_HORIZON)
                            .build()
                    : StartingPosition.builder()
                            .type(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                            .sequenceNumber(after)
                            .build();
            SubscribeToShardResponseHandler handler = SubscribeToShardResponseHandler.builder()
                    .onResponse(response -> firstResponse.complete(null))
                    .onEventStream(publisher -> publisher.subscribe(new EventSubscriber()))
                    .build();
            subscriptions.increment();
            CompletableFuture<Void> call;
            try {
                call = client.subscribeToShard(
                        b -> b.consumerARN(consumerArn).shardId(shardId).startingPosition(position), handler);
            } catch (RuntimeException e) {
                ended(e);
                return;
            }
            call.whenComplete((ignored, error) -> ended(error));
        }

        /** A subscription ended: renew it from the continuation, unless the run is over or the shard closed. */
        private synchronized void ended(Throwable error) {
            if (stopped.get()) {
                return;
            }
            if (closed || System.nanoTime() - deadlineNanos >= 0) {
                if (running.decrementAndGet() == 0) {
                    done.complete(null);
                }
                return;
            }
            if (error == null) {
                renewed.increment();
                subscribe();
                return;
            }
            failed.increment();
            delivery.failedCall();
            lastError = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause()
                    : error;
            if (++streak >= ErrorStreak.LIMIT) {
                done.completeExceptionally(new BenchFailure(
                        "SubscribeToShard on " + shardId + " failed " + ErrorStreak.LIMIT + " times in a row, last: "
                                + lastError.getMessage(),
                        lastError));
                return;
            }
            try {
                retries.schedule(this::subscribe, RETRY_PAUSE_MILLIS * streak, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // stopped in the meantime
            }
        }

        private synchronized void delivered() {
            streak = 0;
        }

        void cancel() {
            Subscription s = current;
            if (s != null) {
                s.cancel();
            }
        }

        /** Takes one event at a time, so a slow bench shows as delay rather than as a growing buffer. */
        private final class EventSubscriber implements Subscriber<SubscribeToShardEventStream> {
            private Subscription subscription;

            @Override
            public void onSubscribe(Subscription s) {
                subscription = s;
                current = s;
                if (stopped.get()) {
                    s.cancel();
                    return;
                }
                s.request(1);
            }

            @Override
            public void onNext(SubscribeToShardEventStream event) {
                if (event instanceof SubscribeToShardEvent e) {
                    long now = System.nanoTime();
                    events.increment();
                    for (Record r : e.records()) {
                        delivery.record(r.data().asByteBuffer(), now);
                    }
                    if (e.continuationSequenceNumber() != null) {
                        continuation = e.continuationSequenceNumber();
                    } else {
                        closed = true; // the end of a closed shard: its children are in e.childShards()
                    }
                    delivered();
                }
                subscription.request(1);
            }

            @Override
            public void onError(Throwable t) {
                // The call's future completes exceptionally too; ended() handles it there.
            }

            @Override
            public void onComplete() {}
        }
    }
}

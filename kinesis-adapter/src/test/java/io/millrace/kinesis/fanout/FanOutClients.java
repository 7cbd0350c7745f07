package io.millrace.kinesis.fanout;

import io.millrace.kinesis.testkit.TestGateway;
import io.millrace.testkit.TestSession;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.StartingPosition;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEventStream;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponseHandler;

/** The SDK's default async client (Netty, HTTP/2 with prior knowledge over http) and a subscription recorder. */
final class FanOutClients {

    /** Subscriptions on the fan-out tests' gateway last this long instead of 5 minutes. */
    static final int SUBSCRIPTION_SECONDS = 6;

    private static TestGateway gateway;

    private FanOutClients() {}

    /** A gateway shared by the fan-out tests: shard limits off, short subscriptions. */
    static synchronized TestGateway gateway() {
        if (gateway == null) {
            gateway = TestGateway.start(java.util.Map.of(
                    "millrace.kinesis.shard-limits",
                    "off",
                    "millrace.kinesis.subscription-seconds",
                    String.valueOf(SUBSCRIPTION_SECONDS)));
            TestSession.closeAtEnd(gateway);
        }
        return gateway;
    }

    static KinesisAsyncClient async(TestGateway gateway, boolean cbor) {
        return async(gateway, cbor, "test", "test");
    }

    static KinesisAsyncClient async(TestGateway gateway, boolean cbor, String accessKey, String secret) {
        // The SDK reads this setting when a client is built, so it is set around the build only.
        synchronized (TestGateway.class) {
            String previous = System.getProperty(SdkSystemSetting.CBOR_ENABLED.property());
            System.setProperty(SdkSystemSetting.CBOR_ENABLED.property(), Boolean.toString(cbor));
            try {
                return KinesisAsyncClient.builder()
                        .endpointOverride(gateway.endpoint())
                        .region(Region.US_EAST_1)
                        .credentialsProvider(
                                StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secret)))
                        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                        .build();
            } finally {
                if (previous == null) {
                    System.clearProperty(SdkSystemSetting.CBOR_ENABLED.property());
                } else {
                    System.setProperty(SdkSystemSetting.CBOR_ENABLED.property(), previous);
                }
            }
        }
    }

    /** Registers a consumer and waits until it is ACTIVE; returns its ARN. */
    static String activeConsumer(KinesisClient kinesis, String streamArn, String name) {
        String arn = kinesis.registerStreamConsumer(b -> b.streamARN(streamArn).consumerName(name))
                .consumer()
                .consumerARN();
        awaitStatus(kinesis, arn, ConsumerStatus.ACTIVE);
        return arn;
    }

    static void awaitStatus(KinesisClient kinesis, String consumerArn, ConsumerStatus status) {
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> kinesis.describeStreamConsumer(b -> b.consumerARN(consumerArn))
                                .consumerDescription()
                                .consumerStatus()
                        == status);
    }

    /** One SubscribeToShard call: the events as they arrive, and its end (normal or with the error). */
    static final class Recording {
        final List<SubscribeToShardEvent> events = new CopyOnWriteArrayList<>();
        final List<Long> arrivalNanos = new CopyOnWriteArrayList<>();
        final CompletableFuture<Void> done;
        /** Completes when the response (and its initial-response event) arrived: the position is fixed. */
        final CompletableFuture<Void> responded = new CompletableFuture<>();

        private final AtomicReference<Subscription> subscription = new AtomicReference<>();
        /** Asks for one event at a time (so {@link #pause} stops reading); else for all at once. */
        private final boolean oneByOne;

        private final java.util.concurrent.atomic.AtomicBoolean paused =
                new java.util.concurrent.atomic.AtomicBoolean();

        Recording(KinesisAsyncClient client, String consumerArn, String shardId, StartingPosition start) {
            this(client, consumerArn, shardId, start, false);
        }

        Recording(
                KinesisAsyncClient client,
                String consumerArn,
                String shardId,
                StartingPosition start,
                boolean oneByOne) {
            this.oneByOne = oneByOne;
            SubscribeToShardResponseHandler handler = SubscribeToShardResponseHandler.builder()
                    .onResponse(response -> responded.complete(null))
                    .onEventStream(publisher -> publisher.subscribe(new Subscriber<SubscribeToShardEventStream>() {
                        @Override
                        public void onSubscribe(Subscription s) {
                            subscription.set(s);
                            s.request(oneByOne ? 1 : Long.MAX_VALUE);
                        }

                        @Override
                        public void onNext(SubscribeToShardEventStream event) {
                            if (event instanceof SubscribeToShardEvent e) {
                                arrivalNanos.add(System.nanoTime());
                                events.add(e);
                            }
                            if (oneByOne && !paused.get()) {
                                subscription.get().request(1);
                            }
                        }

                        @Override
                        public void onError(Throwable t) {}

                        @Override
                        public void onComplete() {}
                    }))
                    .build();
            this.done = client.subscribeToShard(
                    b -> b.consumerARN(consumerArn).shardId(shardId).startingPosition(start), handler);
        }

        List<software.amazon.awssdk.services.kinesis.model.Record> records() {
            return events.stream().flatMap(e -> e.records().stream()).toList();
        }

        SubscribeToShardEvent last() {
            return events.get(events.size() - 1);
        }

        /** A client that stops reading: no event is asked for until {@link #resume} (one-by-one recordings). */
        void pause() {
            paused.set(true);
        }

        void resume() {
            paused.set(false);
            subscription.get().request(1);
        }

        void cancel() {
            Subscription s = subscription.get();
            if (s != null) {
                s.cancel();
            }
        }
    }
}

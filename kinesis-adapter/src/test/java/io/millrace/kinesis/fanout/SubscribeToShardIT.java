package io.millrace.kinesis.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.millrace.kinesis.testkit.TestGateway;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StartingPosition;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;

/** SubscribeToShard through the SDK's default async client (HTTP/2), CBOR on and off. */
class SubscribeToShardIT {

    private static final String SHARD = "shardId-000000000000";

    private record Put(String key, String data, String sequence, long putAtNanos) {}

    private static Put put(KinesisClient kinesis, String stream, String key, String data) {
        long at = System.nanoTime();
        PutRecordResponse response = kinesis.putRecord(
                b -> b.streamName(stream).partitionKey(key).data(SdkBytes.fromString(data, StandardCharsets.UTF_8)));
        return new Put(key, data, response.sequenceNumber(), at);
    }

    private static void assertSame(List<Record> received, List<Put> expected) {
        assertThat(received).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            Record record = received.get(i);
            assertThat(record.partitionKey()).isEqualTo(expected.get(i).key());
            assertThat(record.data().asString(StandardCharsets.UTF_8))
                    .isEqualTo(expected.get(i).data());
            assertThat(record.sequenceNumber()).isEqualTo(expected.get(i).sequence());
            assertThat(record.approximateArrivalTimestamp()).isNotNull();
        }
    }

    private static String stream(KinesisClient kinesis, String prefix, int shards) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        kinesis.createStream(b -> b.streamName(name).shardCount(shards));
        return name;
    }

    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void recordsArriveInOrderAndTheContinuationResumesWithoutLossOrDuplicate(boolean cbor) throws Exception {
        TestGateway gateway = FanOutClients.gateway();
        KinesisClient kinesis = gateway.client(cbor);
        String stream = stream(kinesis, "efo", 1);
        String streamArn = kinesis.describeStreamSummary(b -> b.streamName(stream))
                .streamDescriptionSummary()
                .streamARN();
        String consumerArn = FanOutClients.activeConsumer(kinesis, streamArn, "app");
        List<Put> puts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            puts.add(put(kinesis, stream, "before-" + i, "b" + i));
        }

        try (KinesisAsyncClient async = FanOutClients.async(gateway, cbor)) {
            FanOutClients.Recording first = new FanOutClients.Recording(
                    async,
                    consumerArn,
                    SHARD,
                    StartingPosition.builder()
                            .type(ShardIteratorType.TRIM_HORIZON)
                            .build());
            await().atMost(Duration.ofSeconds(5)).until(() -> first.records().size() == 5);
            for (int i = 0; i < 5; i++) {
                Put during = put(kinesis, stream, "during-" + i, "d" + i);
                puts.add(during);
                int expected = puts.size();
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> first.records().size() == expected);
                // Pushed as the fetch returns: well under the second a polling reader would take.
                long latencyMillis = TimeUnit.NANOSECONDS.toMillis(
                        first.arrivalNanos.get(first.arrivalNanos.size() - 1) - during.putAtNanos());
                assertThat(latencyMillis).isLessThan(750);
            }
            assertSame(first.records(), puts);
            // The subscription ends by itself after its duration, normally.
            first.done.get(FanOutClients.SUBSCRIPTION_SECONDS + 10, TimeUnit.SECONDS);
            SubscribeToShardEvent last = first.last();
            assertThat(last.continuationSequenceNumber())
                    .isEqualTo(puts.get(puts.size() - 1).sequence());
            assertThat(last.millisBehindLatest()).isZero();
            assertThat(last.hasChildShards() && !last.childShards().isEmpty()).isFalse();

            List<Put> after = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                after.add(put(kinesis, stream, "after-" + i, "a" + i));
            }
            FanOutClients.Recording second = new FanOutClients.Recording(
                    async,
                    consumerArn,
                    SHARD,
                    StartingPosition.builder()
                            .type(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                            .sequenceNumber(last.continuationSequenceNumber())
                            .build());
            await().atMost(Duration.ofSeconds(5)).until(() -> second.records().size() >= 5);
            Thread.sleep(300);
            assertSame(second.records(), after);
            second.cancel();
        }
        kinesis.deleteStream(b -> b.streamName(stream).enforceConsumerDeletion(true));
    }

    @Test
    void anEmptyShardsContinuationStillStartsAtItsFirstRecord() throws Exception {
        TestGateway gateway = FanOutClients.gateway();
        KinesisClient kinesis = gateway.client(true);
        String stream = stream(kinesis, "efo-empty", 1);
        String streamArn = kinesis.describeStreamSummary(b -> b.streamName(stream))
                .streamDescriptionSummary()
                .streamARN();
        String consumerArn = FanOutClients.activeConsumer(kinesis, streamArn, "app");
        try (KinesisAsyncClient async = FanOutClients.async(gateway, true)) {
            FanOutClients.Recording empty = new FanOutClients.Recording(
                    async,
                    consumerArn,
                    SHARD,
                    StartingPosition.builder()
                            .type(ShardIteratorType.TRIM_HORIZON)
                            .build());
            empty.done.get(FanOutClients.SUBSCRIPTION_SECONDS + 10, TimeUnit.SECONDS);
            assertThat(empty.events).isNotEmpty();
            assertThat(empty.records()).isEmpty();
            String continuation = empty.last().continuationSequenceNumber();
            assertThat(continuation).isNotNull();

            Put first = put(kinesis, stream, "k", "first");
            FanOutClients.Recording resumed = new FanOutClients.Recording(
                    async,
                    consumerArn,
                    SHARD,
                    StartingPosition.builder()
                            .type(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                            .sequenceNumber(continuation)
                            .build());
            await().atMost(Duration.ofSeconds(5)).until(() -> !resumed.records().isEmpty());
            assertSame(resumed.records(), List.of(first));
            resumed.cancel();
        }
        kinesis.deleteStream(b -> b.streamName(stream).enforceConsumerDeletion(true));
    }

    @Test
    void aQuickResubscribeIsRefusedAndALaterOneTakesOver() throws Exception {
        TestGateway gateway = FanOutClients.gateway();
        KinesisClient kinesis = gateway.client(false);
        String stream = stream(kinesis, "efo-reuse", 1);
        String streamArn = kinesis.describeStreamSummary(b -> b.streamName(stream))
                .streamDescriptionSummary()
                .streamARN();
        String consumerArn = FanOutClients.activeConsumer(kinesis, streamArn, "app");
        StartingPosition latest =
                StartingPosition.builder().type(ShardIteratorType.LATEST).build();
        try (KinesisAsyncClient async = FanOutClients.async(gateway, false)) {
            long startedAt = System.nanoTime();
            FanOutClients.Recording first = new FanOutClients.Recording(async, consumerArn, SHARD, latest);
            Thread.sleep(1000);
            assertThat(first.done).isNotDone();

            // A starting position in the future is refused as GetShardIterator refuses it.
            StartingPosition future = StartingPosition.builder()
                    .type(ShardIteratorType.AT_TIMESTAMP)
                    .timestamp(java.time.Instant.now().plusSeconds(3600))
                    .build();
            FanOutClients.Recording tooEarly = new FanOutClients.Recording(async, consumerArn, SHARD, future);
            assertThat(tooEarly.done)
                    .failsWithin(Duration.ofSeconds(10))
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .havingCause()
                    .isInstanceOf(InvalidArgumentException.class)
                    .withMessageContaining("cannot be greater than the currentTimestampInMillis");

            FanOutClients.Recording refused = new FanOutClients.Recording(async, consumerArn, SHARD, latest);
            assertThat(refused.done)
                    .failsWithin(Duration.ofSeconds(10))
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .havingCause()
                    .isInstanceOf(ResourceInUseException.class);
            assertThat(first.done).isNotDone();

            // 5 seconds after the first call, a new one takes over and the first ends with ResourceInUseException.
            Thread.sleep(Math.max(0, 5_200 - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt)));
            FanOutClients.Recording takeover = new FanOutClients.Recording(async, consumerArn, SHARD, latest);
            takeover.responded.get(10, TimeUnit.SECONDS);
            assertThat(first.done)
                    .failsWithin(Duration.ofSeconds(5))
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .havingCause()
                    .isInstanceOf(ResourceInUseException.class);
            Put put = put(kinesis, stream, "k", "after-takeover");
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> !takeover.records().isEmpty());
            assertSame(takeover.records(), List.of(put));
            takeover.cancel();
        }
        kinesis.deleteStream(b -> b.streamName(stream).enforceConsumerDeletion(true));
    }

    @Test
    void deregisteringTheConsumerEndsItsSubscriptionWithAnInBandError() throws Exception {
        TestGateway gateway = FanOutClients.gateway();
        KinesisClient kinesis = gateway.client(true);
        String stream = stream(kinesis, "efo-deregister", 1);
        String streamArn = kinesis.describeStreamSummary(b -> b.streamName(stream))
                .streamDescriptionSummary()
                .streamARN();
        String consumerArn = FanOutClients.activeConsumer(kinesis, streamArn, "app");
        try (KinesisAsyncClient async = FanOutClients.async(gateway, true)) {
            FanOutClients.Recording recording = new FanOutClients.Recording(
                    async,
                    consumerArn,
                    SHARD,
                    StartingPosition.builder().type(ShardIteratorType.LATEST).build());
            recording.responded.get(10, TimeUnit.SECONDS);
            Put put = put(kinesis, stream, "k", "seen");
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> !recording.records().isEmpty());
            kinesis.deregisterStreamConsumer(b -> b.consumerARN(consumerArn));
            assertThat(recording.done)
                    .failsWithin(Duration.ofSeconds(5))
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .havingCause()
                    .isInstanceOf(software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException.class);
            assertSame(recording.records(), List.of(put));
        }
        kinesis.deleteStream(b -> b.streamName(stream).enforceConsumerDeletion(true));
    }
}

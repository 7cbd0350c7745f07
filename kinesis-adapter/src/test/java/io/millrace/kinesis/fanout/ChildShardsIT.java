package io.millrace.kinesis.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.millrace.kinesis.testkit.TestGateway;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ChildShard;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StartingPosition;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;

/** A subscriber to a shard that is split reads it to its end, then gets its children and the stream ends. */
class ChildShardsIT {

    private static final String PARENT = "shardId-000000000000";

    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void aSplitWhileSubscribedEndsTheParentsStreamWithItsChildren(boolean cbor) throws Exception {
        TestGateway gateway = FanOutClients.gateway();
        KinesisClient kinesis = gateway.client(cbor);
        String stream = "efo-split-" + UUID.randomUUID().toString().substring(0, 8);
        kinesis.createStream(b -> b.streamName(stream).shardCount(1));
        String streamArn = kinesis.describeStreamSummary(b -> b.streamName(stream))
                .streamDescriptionSummary()
                .streamARN();
        String consumerArn = FanOutClients.activeConsumer(kinesis, streamArn, "app");
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String data = "before-split-" + i;
            kinesis.putRecord(b ->
                    b.streamName(stream).partitionKey(data).data(SdkBytes.fromString(data, StandardCharsets.UTF_8)));
            written.add(data);
        }

        String middle = BigInteger.ONE.shiftLeft(127).toString();
        List<Record> received = new ArrayList<>();
        SubscribeToShardEvent end = null;
        try (KinesisAsyncClient async = FanOutClients.async(gateway, cbor)) {
            StartingPosition start = StartingPosition.builder()
                    .type(ShardIteratorType.TRIM_HORIZON)
                    .build();
            FanOutClients.Recording recording = new FanOutClients.Recording(async, consumerArn, PARENT, start);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> recording.records().size() == 3);
            kinesis.splitShard(b -> b.streamName(stream).shardToSplit(PARENT).newStartingHashKey(middle));
            // Until the parent is closed a gateway may still route to it: those records are the parent's too.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            FanOutClients.Recording current = recording;
            while (end == null) {
                assertThat(System.nanoTime()).as("parent never ended").isLessThan(deadline);
                current.done.get(FanOutClients.SUBSCRIPTION_SECONDS + 10, TimeUnit.SECONDS);
                received.addAll(current.records());
                SubscribeToShardEvent last = current.last();
                if (last.continuationSequenceNumber() == null) {
                    end = last;
                } else {
                    // The subscription's time ran out before the reshard finished: continue as the KCL does.
                    Thread.sleep(5_000);
                    current = new FanOutClients.Recording(
                            async,
                            consumerArn,
                            PARENT,
                            StartingPosition.builder()
                                    .type(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                                    .sequenceNumber(last.continuationSequenceNumber())
                                    .build());
                }
            }
        }
        assertThat(received)
                .extracting(r -> r.data().asString(StandardCharsets.UTF_8))
                .containsExactlyElementsOf(written);
        assertThat(end.childShards())
                .extracting(ChildShard::shardId)
                .containsExactlyInAnyOrder("shardId-000000000001", "shardId-000000000002");
        assertThat(end.childShards()).allSatisfy(child -> {
            assertThat(child.parentShards()).containsExactly(PARENT);
            assertThat(child.hashKeyRange().startingHashKey()).isNotNull();
        });
        await().atMost(Duration.ofSeconds(20))
                .until(() -> kinesis.describeStreamSummary(b -> b.streamName(stream))
                                .streamDescriptionSummary()
                                .streamStatus()
                        == StreamStatus.ACTIVE);
        kinesis.deleteStream(b -> b.streamName(stream).enforceConsumerDeletion(true));
    }
}

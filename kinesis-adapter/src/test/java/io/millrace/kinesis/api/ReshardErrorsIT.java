package io.millrace.kinesis.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.kinesis.testkit.TestGateway;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.ScalingType;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardFilterType;
import software.amazon.awssdk.services.kinesis.model.StreamMode;

/**
 * The errors of SplitShard, MergeShards and UpdateShardCount as AWS phrases them, UpdateStreamMode and
 * UpdateMaxRecordSize, and ListShards' ShardFilter on a resharded stream; through CBOR and JSON 1.1.
 */
class ReshardErrorsIT {

    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void reshardRequestsAreCheckedAsAwsChecksThem(boolean cbor) throws Exception {
        KinesisClient client = TestGateway.shared().client(cbor);
        String stream = "reshard-errors-" + UUID.randomUUID().toString().substring(0, 8);
        client.createStream(b -> b.streamName(stream).shardCount(3));
        ReshardSupport.awaitActive(client, stream, Duration.ofSeconds(10));
        List<Shard> shards = ReshardSupport.shards(client, stream);
        Shard first = shards.get(0);
        BigInteger start = new BigInteger(first.hashKeyRange().startingHashKey());
        BigInteger end = new BigInteger(first.hashKeyRange().endingHashKey());

        assertThatThrownBy(() -> client.splitShard(b -> b.streamName(stream + "-missing")
                        .shardToSplit(first.shardId())
                        .newStartingHashKey("5")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> client.splitShard(b -> b.streamName(stream)
                        .shardToSplit("shardId-000000000042")
                        .newStartingHashKey("5")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("shardId-000000000042");
        for (BigInteger bad : List.of(start, start.add(BigInteger.ONE), end, end.add(BigInteger.TEN))) {
            assertThatThrownBy(() -> client.splitShard(b ->
                            b.streamName(stream).shardToSplit(first.shardId()).newStartingHashKey(bad.toString())))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessageContaining("is not both greater than one plus the shard's StartingHashKey");
        }
        assertThatThrownBy(() -> client.splitShard(
                        b -> b.streamName(stream).shardToSplit(first.shardId()).newStartingHashKey("x1")))
                .isInstanceOf(KinesisException.class)
                .hasMessageContaining("newStartingHashKey");
        assertThatThrownBy(() -> client.mergeShards(b -> b.streamName(stream)
                        .shardToMerge(shards.get(0).shardId())
                        .adjacentShardToMerge(shards.get(2).shardId())))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("not an adjacent pair of shards");
        assertThatThrownBy(() -> client.updateShardCount(
                        b -> b.streamName(stream).targetShardCount(7).scalingType(ScalingType.UNIFORM_SCALING)))
                .isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("double");
        assertThatThrownBy(() -> client.updateShardCount(
                        b -> b.streamName(stream).targetShardCount(1).scalingType(ScalingType.UNIFORM_SCALING)))
                .isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("half");
        // TargetShardCount has no maximum in the model: a huge one is one of UpdateShardCount's limits.
        assertThatThrownBy(() -> client.updateShardCount(
                        b -> b.streamName(stream).targetShardCount(100_001).scalingType(ScalingType.UNIFORM_SCALING)))
                .isInstanceOf(LimitExceededException.class);
        assertThatThrownBy(() -> client.updateShardCount(
                        b -> b.streamName(stream).targetShardCount(2).scalingType("STEPPED")))
                .isInstanceOf(KinesisException.class)
                .hasMessageContaining("scalingType");

        // The account's shard quota: a gateway whose limit is exactly the open shards now refuses a split.
        int open = client.describeLimits().openShardCount();
        try (TestGateway tight = TestGateway.start(Map.of(
                "millrace.kinesis.shard-limits",
                "off",
                "millrace.kinesis.account-shard-limit",
                String.valueOf(open)))) {
            assertThatThrownBy(() -> tight.client(cbor)
                            .splitShard(b -> b.streamName(stream)
                                    .shardToSplit(first.shardId())
                                    .newStartingHashKey(end.shiftRight(1).toString())))
                    .isInstanceOf(LimitExceededException.class)
                    .hasMessageContaining("shard limit");
        }

        Instant beforeSplit = Instant.now();
        Thread.sleep(20);
        client.splitShard(b -> b.streamName(stream)
                .shardToSplit(first.shardId())
                .newStartingHashKey(end.shiftRight(1).toString()));
        // One operation at a time: the stream is UPDATING until the split ends.
        assertThatThrownBy(() -> client.mergeShards(b -> b.streamName(stream)
                        .shardToMerge(shards.get(1).shardId())
                        .adjacentShardToMerge(shards.get(2).shardId())))
                .isInstanceOf(ResourceInUseException.class)
                .hasMessageContaining("UPDATING");
        assertThatThrownBy(() -> client.splitShard(b -> b.streamName(stream)
                        .shardToSplit(shards.get(1).shardId())
                        .newStartingHashKey(
                                new BigInteger(shards.get(1).hashKeyRange().endingHashKey())
                                        .subtract(BigInteger.TEN)
                                        .toString())))
                .isInstanceOf(ResourceInUseException.class);
        // Writes keep working while UPDATING.
        client.putRecord(b -> b.streamName(stream).partitionKey("k").data(SdkBytes.fromUtf8String("v")));
        ReshardSupport.awaitActive(client, stream, Duration.ofSeconds(15));
        // A closed shard is an invalid argument, worded as AWS words it (kinesalite issue #109 quotes AWS).
        assertThatThrownBy(() -> client.splitShard(b -> b.streamName(stream)
                        .shardToSplit(first.shardId())
                        .newStartingHashKey(end.shiftRight(1).toString())))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("Shard " + first.shardId() + " in stream " + stream + " under account ")
                .hasMessageContaining(
                        "has already been merged or split, and thus is not eligible for merging or" + " splitting");
        assertThatThrownBy(() -> client.mergeShards(b -> b.streamName(stream)
                        .shardToMerge(first.shardId())
                        .adjacentShardToMerge(shards.get(1).shardId())))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("has already been merged or split");
        assertThatThrownBy(() -> client.mergeShards(b -> b.streamName(stream)
                        .shardToMerge(shards.get(1).shardId())
                        .adjacentShardToMerge(first.shardId())))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("Shard " + first.shardId() + " in stream " + stream);

        // ListShards' filters over shards 0 (closed), 1, 2 and the children 3, 4.
        assertThat(ids(client, stream, f -> f.type(ShardFilterType.AT_LATEST)))
                .containsExactly(
                        "shardId-000000000001", "shardId-000000000002", "shardId-000000000003", "shardId-000000000004");
        assertThat(ids(client, stream, f -> f.type(ShardFilterType.AT_TRIM_HORIZON)))
                .containsExactly("shardId-000000000000", "shardId-000000000001", "shardId-000000000002");
        assertThat(ids(client, stream, f -> f.type(ShardFilterType.FROM_TRIM_HORIZON)))
                .hasSize(5);
        assertThat(ids(
                        client,
                        stream,
                        f -> f.type(ShardFilterType.AFTER_SHARD_ID).shardId("shardId-000000000002")))
                .containsExactly("shardId-000000000003", "shardId-000000000004");
        assertThat(ids(client, stream, f -> f.type(ShardFilterType.AT_TIMESTAMP).timestamp(beforeSplit)))
                .containsExactly("shardId-000000000000", "shardId-000000000001", "shardId-000000000002");
        assertThat(ids(
                        client,
                        stream,
                        f -> f.type(ShardFilterType.FROM_TIMESTAMP).timestamp(Instant.now())))
                .containsExactly(
                        "shardId-000000000001", "shardId-000000000002", "shardId-000000000003", "shardId-000000000004");
        assertThatThrownBy(() -> ids(client, stream, f -> f.type(ShardFilterType.AFTER_SHARD_ID)))
                .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> ids(client, stream, f -> f.type(ShardFilterType.AT_TIMESTAMP)))
                .isInstanceOf(InvalidArgumentException.class);
        Instant created = client.describeStreamSummary(b -> b.streamName(stream))
                .streamDescriptionSummary()
                .streamCreationTimestamp();
        assertThat(client.listShards(b -> b.streamName(stream).streamCreationTimestamp(created))
                        .shards())
                .hasSize(5);
        assertThatThrownBy(() -> client.listShards(
                        b -> b.streamName(stream).streamCreationTimestamp(created.minusSeconds(3600))))
                .isInstanceOf(ResourceNotFoundException.class);

        client.deleteStream(b -> b.streamName(stream));
    }

    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void streamModeAndMaxRecordSizeChangeAtOnce(boolean cbor) throws Exception {
        KinesisClient client = TestGateway.shared().client(cbor);
        String stream = "stream-settings-" + UUID.randomUUID().toString().substring(0, 8);
        client.createStream(b -> b.streamName(stream).shardCount(1));
        ReshardSupport.awaitActive(client, stream, Duration.ofSeconds(10));
        String arn = client.describeStreamSummary(b -> b.streamName(stream))
                .streamDescriptionSummary()
                .streamARN();

        byte[] big = new byte[1536 * 1024];
        assertThatThrownBy(() -> client.putRecord(
                        b -> b.streamName(stream).partitionKey("k").data(SdkBytes.fromByteArray(big))))
                .isInstanceOf(KinesisException.class);
        assertThatThrownBy(
                        () -> client.updateMaxRecordSize(b -> b.streamARN(arn).maxRecordSizeInKiB(1023)))
                .isInstanceOf(KinesisException.class)
                .hasMessageContaining("maxRecordSizeInKiB");
        assertThatThrownBy(
                        () -> client.updateMaxRecordSize(b -> b.streamARN(arn).maxRecordSizeInKiB(10241)))
                .isInstanceOf(KinesisException.class)
                .hasMessageContaining("maxRecordSizeInKiB");
        client.updateMaxRecordSize(b -> b.streamARN(arn).maxRecordSizeInKiB(2048));
        assertThat(client.describeStreamSummary(b -> b.streamName(stream))
                        .streamDescriptionSummary()
                        .maxRecordSizeInKiB())
                .isEqualTo(2048);
        client.putRecord(b -> b.streamName(stream).partitionKey("k").data(SdkBytes.fromByteArray(big)));

        client.updateStreamMode(b -> b.streamARN(arn).streamModeDetails(d -> d.streamMode(StreamMode.ON_DEMAND)));
        assertThat(client.describeStreamSummary(b -> b.streamName(stream))
                        .streamDescriptionSummary()
                        .streamModeDetails()
                        .streamMode())
                .isEqualTo(StreamMode.ON_DEMAND);
        assertThatThrownBy(() -> client.updateShardCount(
                        b -> b.streamName(stream).targetShardCount(2).scalingType(ScalingType.UNIFORM_SCALING)))
                .isInstanceOf(KinesisException.class)
                .hasMessageContaining("provisioned");
        client.updateStreamMode(b -> b.streamARN(arn).streamModeDetails(d -> d.streamMode(StreamMode.PROVISIONED)));
        // Two capacity mode switches per rolling 24 hours (Kinesis Developer Guide): the third is refused, and the
        // stream keeps its mode. Asking for the mode it already has switches nothing.
        assertThatThrownBy(() -> client.updateStreamMode(
                        b -> b.streamARN(arn).streamModeDetails(d -> d.streamMode(StreamMode.ON_DEMAND))))
                .isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("the limit is 2");
        client.updateStreamMode(b -> b.streamARN(arn).streamModeDetails(d -> d.streamMode(StreamMode.PROVISIONED)));
        assertThat(client.describeStreamSummary(b -> b.streamName(stream))
                        .streamDescriptionSummary()
                        .streamModeDetails()
                        .streamMode())
                .isEqualTo(StreamMode.PROVISIONED);
        // Warm throughput needs an account setting this endpoint does not offer: refused, not ignored.
        assertThatThrownBy(() -> client.updateStreamMode(b -> b.streamARN(arn)
                        .warmThroughputMiBps(10)
                        .streamModeDetails(d -> d.streamMode(StreamMode.ON_DEMAND))))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("MinimumThroughputBillingCommitment");
        assertThatThrownBy(() -> client.updateStreamMode(b -> b.streamARN(arn)
                        .warmThroughputMiBps(10)
                        .streamModeDetails(d -> d.streamMode(StreamMode.PROVISIONED))))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("ON_DEMAND");
        assertThatThrownBy(() -> client.updateStreamMode(
                        b -> b.streamARN(arn + "-missing").streamModeDetails(d -> d.streamMode(StreamMode.ON_DEMAND))))
                .isInstanceOf(ResourceNotFoundException.class);

        var scaled = client.updateShardCount(
                b -> b.streamName(stream).targetShardCount(2).scalingType(ScalingType.UNIFORM_SCALING));
        assertThat(scaled.currentShardCount()).isEqualTo(1);
        assertThat(scaled.targetShardCount()).isEqualTo(2);
        assertThatThrownBy(
                        () -> client.updateMaxRecordSize(b -> b.streamARN(arn).maxRecordSizeInKiB(4096)))
                .isInstanceOf(ResourceInUseException.class);
        ReshardSupport.awaitActive(client, stream, Duration.ofSeconds(15));
        assertThat(client.describeStreamSummary(b -> b.streamName(stream))
                        .streamDescriptionSummary()
                        .openShardCount())
                .isEqualTo(2);
        client.deleteStream(b -> b.streamName(stream));
    }

    private static List<String> ids(
            KinesisClient client,
            String stream,
            java.util.function.Consumer<software.amazon.awssdk.services.kinesis.model.ShardFilter.Builder> filter) {
        return client.listShards(b -> b.streamName(stream).shardFilter(filter)).shards().stream()
                .map(Shard::shardId)
                .toList();
    }
}

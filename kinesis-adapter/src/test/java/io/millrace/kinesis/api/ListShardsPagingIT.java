package io.millrace.kinesis.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.kinesis.testkit.TestGateway;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardFilter;
import software.amazon.awssdk.services.kinesis.model.ShardFilterType;
import software.amazon.awssdk.services.kinesis.model.StreamDescription;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * ListShards pages on a resharded stream as the KCL reads them: the ShardFilter on the first page only, then
 * NextToken alone; the filter holds on every page. Shards: 0 and 1 open, 2 split into 3 and 4.
 */
class ListShardsPagingIT {

    @ParameterizedTest(name = "cbor={0}")
    @ValueSource(booleans = {true, false})
    void laterPagesKeepTheFirstPagesFilter(boolean cbor) throws Exception {
        KinesisClient client = TestGateway.shared().client(cbor);
        String stream = "list-pages-" + UUID.randomUUID().toString().substring(0, 8);
        client.createStream(b -> b.streamName(stream).shardCount(3));
        ReshardSupport.awaitActive(client, stream, Duration.ofSeconds(10));
        Shard last = ReshardSupport.shards(client, stream).get(2);
        BigInteger start = new BigInteger(last.hashKeyRange().startingHashKey());
        BigInteger end = new BigInteger(last.hashKeyRange().endingHashKey());
        Instant beforeSplit = Instant.now();
        Thread.sleep(20);
        client.splitShard(b -> b.streamName(stream)
                .shardToSplit(last.shardId())
                .newStartingHashKey(start.add(end).shiftRight(1).toString()));

        // While UPDATING, AWS lists the map as it was before the reshard (as kinesalite, recorded against AWS,
        // does): the parent open, no children yet. They appear, and the parent closes, once the stream is ACTIVE.
        List<Shard> latestWhileUpdating = client.listShards(
                        b -> b.streamName(stream).shardFilter(f -> f.type(ShardFilterType.AT_LATEST)))
                .shards();
        StreamDescription describedWhileUpdating =
                client.describeStream(b -> b.streamName(stream)).streamDescription();
        StreamDescriptionSummary summaryWhileUpdating =
                client.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary();
        assertThat(summaryWhileUpdating.streamStatus())
                .as("listed while UPDATING")
                .isEqualTo(StreamStatus.UPDATING);
        assertThat(latestWhileUpdating)
                .extracting(Shard::shardId)
                .containsExactly("shardId-000000000000", "shardId-000000000001", "shardId-000000000002");
        assertThat(latestWhileUpdating)
                .allSatisfy(shard -> assertThat(shard.sequenceNumberRange().endingSequenceNumber())
                        .isNull());
        assertThat(describedWhileUpdating.shards())
                .extracting(Shard::shardId)
                .containsExactly("shardId-000000000000", "shardId-000000000001", "shardId-000000000002");
        assertThat(summaryWhileUpdating.openShardCount()).isEqualTo(3);
        ReshardSupport.awaitActive(client, stream, Duration.ofSeconds(15));

        assertThat(pages(client, stream, 2, f -> f.type(ShardFilterType.AT_LATEST)))
                .containsExactly(
                        List.of("shardId-000000000000", "shardId-000000000001"),
                        List.of("shardId-000000000003", "shardId-000000000004"));
        assertThat(pages(
                        client,
                        stream,
                        1,
                        f -> f.type(ShardFilterType.AT_TIMESTAMP).timestamp(beforeSplit)))
                .containsExactly(
                        List.of("shardId-000000000000"),
                        List.of("shardId-000000000001"),
                        List.of("shardId-000000000002"));
        assertThat(pages(
                        client,
                        stream,
                        2,
                        f -> f.type(ShardFilterType.AFTER_SHARD_ID).shardId("shardId-000000000000")))
                .containsExactly(
                        List.of("shardId-000000000001", "shardId-000000000002"),
                        List.of("shardId-000000000003", "shardId-000000000004"));
        assertThat(pages(client, stream, 3, null))
                .containsExactly(
                        List.of("shardId-000000000000", "shardId-000000000001", "shardId-000000000002"),
                        List.of("shardId-000000000003", "shardId-000000000004"));

        // The token names the stream and the filter: AWS refuses anything next to it, with these messages.
        String token =
                client.listShards(b -> b.streamName(stream).maxResults(1)).nextToken();
        String arn = client.describeStreamSummary(b -> b.streamName(stream))
                .streamDescriptionSummary()
                .streamARN();
        Instant created = client.describeStreamSummary(b -> b.streamName(stream))
                .streamDescriptionSummary()
                .streamCreationTimestamp();
        assertThatThrownBy(() ->
                        client.listShards(b -> b.nextToken(token).shardFilter(f -> f.type(ShardFilterType.AT_LATEST))))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("NextToken and ShardFilter cannot be provided together.");
        assertThatThrownBy(() -> client.listShards(b -> b.nextToken(token).streamCreationTimestamp(created)))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("NextToken and StreamCreationTimestamp cannot be provided together.");
        assertThatThrownBy(() -> client.listShards(b -> b.nextToken(token).streamName(stream)))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("NextToken and StreamName cannot be provided together.");
        assertThatThrownBy(() -> client.listShards(b -> b.nextToken(token).streamARN(arn)))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("NextToken and StreamARN cannot be provided together.");
        assertThatThrownBy(
                        () -> client.listShards(b -> b.nextToken(token).exclusiveStartShardId("shardId-000000000000")))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("NextToken and ExclusiveStartShardId cannot be provided together.");
        assertThat(client.listShards(b -> b.nextToken(token)).shards())
                .extracting(Shard::shardId)
                .first()
                .isEqualTo("shardId-000000000001");

        client.deleteStream(b -> b.streamName(stream));
    }

    /** Every page: the filter (or none) on the first request only, then NextToken alone, as the KCL asks. */
    private static List<List<String>> pages(
            KinesisClient client, String stream, int maxResults, Consumer<ShardFilter.Builder> filter) {
        List<List<String>> pages = new ArrayList<>();
        ListShardsResponse page = client.listShards(b -> {
            b.streamName(stream).maxResults(maxResults);
            if (filter != null) {
                b.shardFilter(filter);
            }
        });
        while (true) {
            pages.add(page.shards().stream().map(Shard::shardId).toList());
            String token = page.nextToken();
            if (token == null) {
                return pages;
            }
            assertThat(pages).as("pages so far").hasSizeLessThan(10);
            page = client.listShards(b -> b.nextToken(token).maxResults(maxResults));
        }
    }
}

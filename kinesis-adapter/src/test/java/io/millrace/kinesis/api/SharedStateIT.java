package io.millrace.kinesis.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.kinesis.testkit.TestGateway;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** Gateways keep no state of their own: another gateway, or a restarted one, sees every stream and record. */
class SharedStateIT {

    @Test
    void aSecondGatewaySeesStreamsRecordsAndIteratorsOfTheFirst() {
        KinesisClient first = TestGateway.shared().client(true);
        String stream = "shared-" + UUID.randomUUID().toString().substring(0, 8);
        first.createStream(b -> b.streamName(stream).shardCount(2));
        first.addTagsToStream(b -> b.streamName(stream).tags(Map.of("owner", "first")));
        for (int i = 0; i < 20; i++) {
            int n = i;
            first.putRecord(b -> b.streamName(stream).partitionKey("k" + n).data(SdkBytes.fromUtf8String("v" + n)));
        }
        String iterator = first.getShardIterator(b -> b.streamName(stream)
                        .shardId("shardId-000000000000")
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();

        try (TestGateway second = TestGateway.start(Map.of("millrace.kinesis.shard-limits", "off"))) {
            KinesisClient other = second.client(false);
            var summary = other.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary();
            assertThat(summary.openShardCount()).isEqualTo(2);
            assertThat(other.listTagsForStream(b -> b.streamName(stream)).tags())
                    .anySatisfy(tag -> assertThat(tag.key()).isEqualTo("owner"));
            // An iterator issued by the first gateway is valid on the second: the key is shared through Kafka.
            GetRecordsResponse page = other.getRecords(b -> b.shardIterator(iterator));
            List<Record> all = new ArrayList<>(page.records());
            String rest = other.getShardIterator(b -> b.streamName(stream)
                            .shardId("shardId-000000000001")
                            .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                    .shardIterator();
            all.addAll(other.getRecords(b -> b.shardIterator(rest)).records());
            assertThat(all).extracting(r -> r.data().asUtf8String()).hasSize(20).doesNotHaveDuplicates();

            // A stream created through the second gateway is at once visible through the first.
            String created = stream + "-b";
            other.createStream(b -> b.streamName(created).shardCount(1));
            assertThat(first.describeStream(b -> b.streamName(created))
                            .streamDescription()
                            .streamStatus())
                    .hasToString("ACTIVE");
            first.putRecord(b -> b.streamName(created).partitionKey("k").data(SdkBytes.fromUtf8String("hello")));
            other.deleteStream(b -> b.streamName(created));
        }

        // A gateway started after the others stopped rebuilds everything from Kafka.
        try (TestGateway restarted = TestGateway.start(Map.of("millrace.kinesis.shard-limits", "off"))) {
            KinesisClient again = restarted.client(true);
            assertThat(again.listStreams(b -> b.limit(10000)).streamNames())
                    .contains(stream)
                    .doesNotContain(stream + "-b");
            String it = again.getShardIterator(b -> b.streamName(stream)
                            .shardId("shardId-000000000001")
                            .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                    .shardIterator();
            assertThat(again.getRecords(b -> b.shardIterator(it)).records()).isNotEmpty();
        }
        first.deleteStream(b -> b.streamName(stream));
    }
}

package io.millrace.analytics.datastream;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.analytics.testing.FlinkCluster;
import io.millrace.analytics.testing.TestStreams;
import io.millrace.analytics.testing.TestStreams.StreamRecord;
import io.millrace.schemas.kinesis.ShardMetadata;
import io.millrace.schemas.kinesis.StreamMetadata;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The DataStream source and sink on a real broker and a Flink mini-cluster. */
class MillraceStreamsIT {

    @RegisterExtension
    static final TestStreams KAFKA = new TestStreams();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkCluster.create();

    @Test
    void sourceReadsEveryShardWithWhereEachRecordCameFrom() throws Exception {
        String stream = TestStreams.uniqueStream("java-source");
        TestStreams.createStream(stream, 2);
        TestStreams.put(
                stream,
                List.of(
                        new StreamRecord(0, "a", "one", 1_700_000_000_000L),
                        new StreamRecord(1, "b", "two", 1_700_000_001_000L),
                        new StreamRecord(0, "a", "three", 1_700_000_002_000L)));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        List<String> seen = new ArrayList<>();
        try (CloseableIterator<KinesisRecord> records = env.fromSource(
                        MillraceStreams.boundedSource(
                                TestStreams.bootstrapServers(), stream, MillraceStreams.trimHorizon()),
                        WatermarkStrategy.noWatermarks(),
                        "millrace")
                .executeAndCollect()) {
            records.forEachRemaining(r -> seen.add(r.partitionKey() + "|" + new String(r.data(), StandardCharsets.UTF_8)
                    + "|" + r.shardId() + "|" + r.offset() + "|" + r.approximateArrivalTimestamp()));
        }
        assertThat(seen)
                .containsExactlyInAnyOrder(
                        "a|one|shardId-000000000000|0|1700000000000",
                        "b|two|shardId-000000000001|0|1700000001000",
                        "a|three|shardId-000000000000|1|1700000002000");
    }

    @Test
    void sinkRoutesByTheMd5OfThePartitionKeyLikePutRecord() throws Exception {
        String stream = TestStreams.uniqueStream("java-sink");
        StreamMetadata metadata = TestStreams.createStream(stream, 3);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        List<KinesisRecord> toWrite = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            toWrite.add(KinesisRecord.of("key-" + i, ("value-" + i).getBytes(StandardCharsets.UTF_8)));
        }
        env.fromData(toWrite)
                .sinkTo(MillraceStreams.sink(TestStreams.bootstrapServers(), stream, DeliveryGuarantee.AT_LEAST_ONCE));
        env.execute("write");

        List<ConsumerRecord<byte[], byte[]>> written = TestStreams.readAll(stream);
        assertThat(written).hasSize(60);
        for (ConsumerRecord<byte[], byte[]> record : written) {
            String key = new String(record.key(), StandardCharsets.UTF_8);
            assertThat(record.partition()).as(key).isEqualTo(expectedShard(metadata, key));
            assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo(key.replace("key", "value"));
        }
        assertThat(written).extracting(ConsumerRecord::partition).contains(0, 1, 2);
    }

    private static int expectedShard(StreamMetadata metadata, String key) throws Exception {
        BigInteger hash =
                new BigInteger(1, MessageDigest.getInstance("MD5").digest(key.getBytes(StandardCharsets.UTF_8)));
        for (ShardMetadata shard : metadata.getShards()) {
            if (hash.compareTo(new BigInteger(shard.getStartingHashKey())) >= 0
                    && hash.compareTo(new BigInteger(shard.getEndingHashKey())) <= 0) {
                return shard.getIndex();
            }
        }
        throw new AssertionError("no shard for " + key);
    }
}

package io.millrace.analytics.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.analytics.datastream.KinesisRecord;
import io.millrace.analytics.datastream.MillraceStreams;
import io.millrace.analytics.testing.FlinkCluster;
import io.millrace.analytics.testing.ReshardingStream;
import io.millrace.analytics.testing.TestStreams;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Reading across a reshard: records of the same partition keys written before and after a SplitShard and a
 * MergeShards (including late writes to a closing parent) come out of a job with parallelism 2 in the order they
 * were written, each exactly once.
 */
class ReshardOrderIT {

    @RegisterExtension
    static final TestStreams KAFKA = new TestStreams();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkCluster.create();

    private static final List<String> KEYS =
            IntStream.range(0, 12).mapToObj(i -> "key-" + i).toList();

    @Test
    void aJobStartedAfterTheReshardsReadsParentsBeforeChildren() throws Exception {
        ReshardingStream stream = new ReshardingStream(TestStreams.uniqueStream("reshard-before"));
        stream.put(KEYS, 5);
        splitThenMerge(stream);

        List<String> seen = read(stream, stream.written().size(), true);

        assertKeyOrder(seen, stream.written());
    }

    @Test
    void aRunningJobFollowsASplitAndAMergeInKeyOrder() throws Exception {
        ReshardingStream stream = new ReshardingStream(TestStreams.uniqueStream("reshard-live"));
        stream.put(KEYS, 5);

        // The job reads shard 0 while it is open; the reshard closes it under the running job.
        List<String> seen = readAcross(stream, 5 * KEYS.size(), () -> splitThenMerge(stream));

        assertKeyOrder(seen, stream.written());
    }

    @Test
    void withoutCheckpointsChildrenFollowTheirParentsReader() throws Exception {
        ReshardingStream stream = new ReshardingStream(TestStreams.uniqueStream("reshard-nocp"));
        stream.put(KEYS, 5);
        splitThenMerge(stream);

        List<String> seen = read(stream, stream.written().size(), false);

        assertKeyOrder(seen, stream.written());
    }

    /** Split shard 0 into 1 and 2 (with late writes to the closing parent), then merge 1 and 2 into 3. */
    private static void splitThenMerge(ReshardingStream stream) throws Exception {
        stream.startSplit(0);
        stream.putToClosingParent(KEYS, 0);
        stream.put(KEYS, 3);
        stream.closeClosingShards();
        stream.put(KEYS, 2);
        stream.startMerge(1, 2);
        stream.putToClosingParent(KEYS, 1);
        stream.putToClosingParent(KEYS, 2);
        stream.put(KEYS, 3);
        stream.closeClosingShards();
        stream.put(KEYS, 2);
    }

    private interface Step {
        void run() throws Exception;
    }

    private static List<String> read(ReshardingStream stream, int count, boolean checkpoints) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        if (checkpoints) {
            env.enableCheckpointing(200);
        }
        MillraceSource<KinesisRecord> source = MillraceStreams.source(
                        TestStreams.bootstrapServers(), stream.name(), MillraceStreams.trimHorizon())
                .withShardDiscoveryInterval(Duration.ofMillis(300))
                .withChildrenAfterCheckpoint(checkpoints);
        List<String> seen = new ArrayList<>();
        try (CloseableIterator<KinesisRecord> records = env.fromSource(
                        source, WatermarkStrategy.noWatermarks(), "millrace")
                .executeAndCollect()) {
            while (seen.size() < count && records.hasNext()) {
                seen.add(new String(records.next().data(), StandardCharsets.UTF_8));
            }
        }
        return seen;
    }

    /** Reads the first records, then reshards and writes while the same job runs, and reads everything. */
    private static List<String> readAcross(ReshardingStream stream, int before, Step reshard) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(200);
        MillraceSource<KinesisRecord> source = MillraceStreams.source(
                        TestStreams.bootstrapServers(), stream.name(), MillraceStreams.trimHorizon())
                .withShardDiscoveryInterval(Duration.ofMillis(300))
                .withChildrenAfterCheckpoint(true);
        List<String> seen = new ArrayList<>();
        try (CloseableIterator<KinesisRecord> records = env.fromSource(
                        source, WatermarkStrategy.noWatermarks(), "millrace")
                .executeAndCollect()) {
            while (seen.size() < before && records.hasNext()) {
                seen.add(new String(records.next().data(), StandardCharsets.UTF_8));
            }
            reshard.run();
            int total = stream.written().size();
            while (seen.size() < total && records.hasNext()) {
                seen.add(new String(records.next().data(), StandardCharsets.UTF_8));
            }
        }
        return seen;
    }

    /** Exactly the records written, and for every key its numbers in increasing order. */
    private static void assertKeyOrder(List<String> seen, List<String> written) {
        assertThat(seen).containsExactlyInAnyOrderElementsOf(written);
        Map<String, List<Integer>> byKey = new HashMap<>();
        for (String value : seen) {
            String[] parts = value.split("\\|");
            byKey.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
        }
        byKey.forEach((key, numbers) -> assertThat(numbers).as(key).isSorted());
    }
}

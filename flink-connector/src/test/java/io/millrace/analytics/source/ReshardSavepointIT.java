package io.millrace.analytics.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.millrace.analytics.datastream.KinesisRecord;
import io.millrace.analytics.datastream.MillraceStreams;
import io.millrace.analytics.testing.FlinkCluster;
import io.millrace.analytics.testing.ReshardingStream;
import io.millrace.analytics.testing.TestStreams;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job stopped with a savepoint while it reads an open shard, the stream split and merged while it is stopped, and
 * the job restored from the savepoint: the output holds every input record once, each key's records in order.
 */
class ReshardSavepointIT {

    @RegisterExtension
    static final TestStreams KAFKA = new TestStreams();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkCluster.create();

    private static final List<String> KEYS =
            IntStream.range(0, 8).mapToObj(i -> "key-" + i).toList();

    @TempDir
    Path savepoints;

    @Test
    void aRestoredJobReadsTheParentsRestBeforeItsChildren() throws Exception {
        ReshardingStream input = new ReshardingStream(TestStreams.uniqueStream("sp-reshard-in"));
        String output = TestStreams.uniqueStream("sp-reshard-out");
        // One output shard: its log order is the order the job emitted records in.
        TestStreams.createStream(output, 1);
        input.put(KEYS, 4);

        JobClient first = start(input.name(), output, null);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> TestStreams.readCommitted(output).size() >= 4 * KEYS.size());
        String savepoint = first.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                .get();

        input.put(KEYS, 2);
        input.startSplit(0);
        input.putToClosingParent(KEYS, 0);
        input.put(KEYS, 2);
        input.closeClosingShards();
        input.startMerge(1, 2);
        input.put(KEYS, 2);
        input.closeClosingShards();
        input.put(KEYS, 1);

        JobClient second = start(input.name(), output, savepoint);
        int total = input.written().size();
        try {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> TestStreams.readCommitted(output).size() >= total);
            // One more checkpoint's worth of time: a duplicate would show up as an extra record.
            Thread.sleep(1000);
        } finally {
            second.cancel().get();
        }

        List<String> seen = TestStreams.readCommitted(output).stream()
                .map(r -> new String(r.value(), StandardCharsets.UTF_8))
                .toList();
        assertThat(seen).containsExactlyInAnyOrderElementsOf(input.written());
        Map<String, List<Integer>> byKey = new HashMap<>();
        for (String value : seen) {
            String[] parts = value.split("\\|");
            byKey.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
        }
        byKey.forEach((key, numbers) -> assertThat(numbers).as(key).isSorted());
    }

    private static JobClient start(String input, String output, String savepoint) throws Exception {
        Configuration config = new Configuration();
        if (savepoint != null) {
            config.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(2);
        env.enableCheckpointing(300);
        env.fromSource(
                        MillraceStreams.source(TestStreams.bootstrapServers(), input, MillraceStreams.trimHorizon())
                                .withShardDiscoveryInterval(Duration.ofMillis(300))
                                .withChildrenAfterCheckpoint(true),
                        WatermarkStrategy.noWatermarks(),
                        "millrace")
                .uid("source")
                .map(r -> KinesisRecord.of(r.partitionKey(), r.data()))
                .uid("copy")
                .sinkTo(MillraceStreams.sink(TestStreams.bootstrapServers(), output, DeliveryGuarantee.EXACTLY_ONCE))
                .setParallelism(1)
                .uid("sink");
        return env.executeAsync("copy across a reshard");
    }
}

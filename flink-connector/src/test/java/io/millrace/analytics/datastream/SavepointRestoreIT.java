package io.millrace.analytics.datastream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.millrace.analytics.testing.FlinkCluster;
import io.millrace.analytics.testing.TestStreams;
import io.millrace.analytics.testing.TestStreams.StreamRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * A job writing into a stream with exactly-once, stopped with a savepoint half-way and restored from it: the
 * output stream holds every result once, as a reader of committed data (the gateway, read_committed) sees it.
 */
class SavepointRestoreIT {

    @RegisterExtension
    static final TestStreams KAFKA = new TestStreams();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkCluster.create();

    @TempDir
    Path savepoints;

    @Test
    void aJobRestoredFromASavepointLosesAndDuplicatesNothing() throws Exception {
        String input = TestStreams.uniqueStream("restore-in");
        String output = TestStreams.uniqueStream("restore-out");
        TestStreams.createStream(input, 2);
        TestStreams.createStream(output, 2);
        TestStreams.put(input, records(0, 100));

        JobClient first = startJob(input, output, null);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> TestStreams.readCommitted(output).size() >= 20);
        String savepoint = first.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                .get();

        TestStreams.put(input, records(100, 200));
        JobClient second = startJob(input, output, savepoint);
        try {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> TestStreams.readCommitted(output).size() >= 200);
            // One more checkpoint's worth of time: a duplicate would show up as a 201st record.
            Thread.sleep(1500);
        } finally {
            second.cancel().get();
        }

        List<String> committed = TestStreams.readCommitted(output).stream()
                .map(r -> new String(r.value(), StandardCharsets.UTF_8))
                .toList();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            expected.add("seen-" + i);
        }
        assertThat(committed).hasSize(200).containsExactlyInAnyOrderElementsOf(expected);
    }

    private static List<StreamRecord> records(int from, int to) {
        List<StreamRecord> records = new ArrayList<>();
        for (int i = from; i < to; i++) {
            records.add(new StreamRecord(i % 2, "key-" + i, Integer.toString(i), 1_700_000_000_000L + i));
        }
        return records;
    }

    private static JobClient startJob(String input, String output, String savepoint) throws Exception {
        Configuration conf = new Configuration();
        if (savepoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(300);
        env.fromSource(
                        MillraceStreams.source(TestStreams.bootstrapServers(), input, MillraceStreams.trimHorizon()),
                        WatermarkStrategy.noWatermarks(),
                        "millrace-in")
                .uid("millrace-in")
                .map(r -> KinesisRecord.of(
                        r.partitionKey(),
                        ("seen-" + new String(r.data(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)))
                .uid("transform")
                .sinkTo(MillraceStreams.sink(TestStreams.bootstrapServers(), output, DeliveryGuarantee.EXACTLY_ONCE))
                .uid("millrace-out");
        return env.executeAsync("restore-" + (savepoint == null ? "first" : "second"));
    }
}

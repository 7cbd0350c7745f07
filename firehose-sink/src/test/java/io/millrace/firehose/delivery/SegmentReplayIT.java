package io.millrace.firehose.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.firehose.config.DestinationKeys;
import io.millrace.firehose.config.FirehoseSinkConfig;
import io.millrace.firehose.config.ProcessingKeys;
import io.millrace.firehose.it.TestStack;
import io.millrace.firehose.metrics.DeliveryMetrics;
import io.millrace.firehose.processing.ProcessingPipeline;
import io.millrace.firehose.s3.ObjectWriter;
import io.millrace.firehose.s3.S3Clients;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A replay after a crash cuts where the crashed task cut, even where the clock (IntervalInSeconds) decided: two
 * engines on the same records with different timing write the same objects under the same keys. Real S3 (S3Proxy)
 * and a controlled clock, no Connect: the crash is simply a second engine starting from offset 0.
 */
class SegmentReplayIT {
    private final TestStack stack = TestStack.get();

    @Test
    void replayReproducesIntervalCutsAndTheLogForgetsCommittedSegments() throws Exception {
        String stream = TestStack.unique("replay");
        String bucket = TestStack.unique("replay");
        String topic = TestStack.unique("replay");
        stack.createBucket(bucket);
        Map<String, String> props = stack.connectorConfig(stream, topic, bucket);
        props.put(DestinationKeys.BUFFERING_INTERVAL_SECONDS, "5");
        props.put(ProcessingKeys.PROCESSING_APPEND_DELIMITER, "true");
        FirehoseSinkConfig config = new FirehoseSinkConfig(props);
        TopicPartition tp = new TopicPartition(topic, 0);

        try (S3Client s3 = S3Clients.create(config)) {
            // The first task: two segments cut by the interval and written, a third still open when it dies.
            AtomicLong clock = new AtomicLong(1_000_000);
            DeliveryEngine first = engine(config, s3, clock, "first");
            accept(first, config, topic, 0, 5);
            clock.addAndGet(6000);
            first.sealDue();
            accept(first, config, topic, 5, 8);
            clock.addAndGet(6000);
            first.sealDue();
            accept(first, config, topic, 8, 10);
            assertThat(first.writeObjects()).isEqualTo(2);
            List<String> before = stack.keys(bucket, "");
            assertThat(before).hasSize(2);
            first.close();

            // Nothing was committed: the next task reads everything again, in one go, with other timing.
            AtomicLong otherClock = new AtomicLong(9_000_000);
            DeliveryEngine second = engine(config, s3, otherClock, "second");
            accept(second, config, topic, 0, 12);
            otherClock.addAndGet(6000);
            second.sealDue();
            second.writeObjects();
            List<String> after = stack.keys(bucket, "");
            assertThat(after).hasSize(3).containsAll(before);
            List<String> lines = new ArrayList<>();
            for (String key : after) {
                lines.addAll(new String(stack.get(bucket, key), StandardCharsets.UTF_8)
                        .lines()
                        .toList());
            }
            assertThat(lines)
                    .containsExactlyInAnyOrder(
                            "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11");
            assertThat(second.committableOffsets(List.of(tp)))
                    .containsEntry(tp, new org.apache.kafka.clients.consumer.OffsetAndMetadata(12));
            second.close();

            // A task assigned the partition at offset 12 no longer needs the log of the segments below it.
            SegmentLog log = stack.segmentLog(config, s3);
            assertThat(log.load(tp, 0)).containsExactly(Map.entry(0L, 4L), Map.entry(5L, 7L), Map.entry(8L, 11L));
            assertThat(log.load(tp, 12)).isEmpty();
            assertThat(log.load(tp, 0)).isEmpty();
        }
    }

    @Test
    void zeroIntervalFillsTheBufferFromABacklogAndCutsOnceCaughtUp() throws Exception {
        String stream = TestStack.unique("backlog");
        String bucket = TestStack.unique("backlog");
        String topic = TestStack.unique("backlog");
        stack.createBucket(bucket);
        Map<String, String> props = stack.connectorConfig(stream, topic, bucket);
        props.put(DestinationKeys.BUFFERING_INTERVAL_SECONDS, "0");
        props.put(ProcessingKeys.PROCESSING_APPEND_DELIMITER, "true");
        FirehoseSinkConfig config = new FirehoseSinkConfig(props);
        long arrived = 1_700_000_000_000L;

        try (S3Client s3 = S3Clients.create(config)) {
            // Records that arrived a minute ago wait in Kafka: the due segment stays open for the next batch.
            AtomicLong clock = new AtomicLong(arrived + 60_000);
            DeliveryEngine engine = engine(config, s3, clock, "backlog");
            accept(engine, config, topic, 0, 5, offset -> arrived + offset);
            engine.sealDue();
            assertThat(engine.writeObjects()).isZero();
            accept(engine, config, topic, 5, 10, offset -> arrived + offset);
            engine.sealDue();
            assertThat(engine.writeObjects()).isZero();

            // No record for a while: the backlog is read, the buffer leaves.
            clock.addAndGet(PartitionProgress.CATCH_UP_IDLE_MILLIS);
            engine.sealDue();
            assertThat(engine.writeObjects()).isEqualTo(1);

            // Caught up: a record that just arrived leaves at once, as IntervalInSeconds 0 says.
            accept(engine, config, topic, 10, 11, offset -> clock.get());
            engine.sealDue();
            assertThat(engine.writeObjects()).isEqualTo(1);
            List<String> keys = stack.keys(bucket, "");
            assertThat(keys).hasSize(2);
            List<Integer> lines = keys.stream()
                    .map(key -> (int) new String(stack.get(bucket, key), StandardCharsets.UTF_8)
                            .lines()
                            .count())
                    .toList();
            assertThat(lines).containsExactlyInAnyOrder(10, 1);
            engine.close();
        }
    }

    private static DeliveryEngine engine(FirehoseSinkConfig config, S3Client s3, AtomicLong clock, String task) {
        return new DeliveryEngine(
                config,
                new ObjectWriter(s3),
                TestStack.get().segmentLog(config, s3),
                new DeliveryMetrics(config.streamName(), task),
                clock::get);
    }

    private static void accept(DeliveryEngine engine, FirehoseSinkConfig config, String topic, int from, int to) {
        accept(engine, config, topic, from, to, offset -> 1_700_000_000_000L + offset);
    }

    /** Records {@code r<offset>} of partition 0, arriving at {@code arrival(offset)}, processed and accepted. */
    static void accept(
            DeliveryEngine engine,
            FirehoseSinkConfig config,
            String topic,
            int from,
            int to,
            java.util.function.LongUnaryOperator arrival) {
        try (ProcessingPipeline processing = ProcessingPipeline.of(config)) {
            for (int offset = from; offset < to; offset++) {
                SinkRecord record = new SinkRecord(
                        topic,
                        0,
                        null,
                        null,
                        null,
                        ("r" + offset).getBytes(StandardCharsets.UTF_8),
                        offset,
                        arrival.applyAsLong(offset),
                        TimestampType.CREATE_TIME);
                engine.accept(record, processing.process(List.of(record)).get(0));
            }
        }
    }
}

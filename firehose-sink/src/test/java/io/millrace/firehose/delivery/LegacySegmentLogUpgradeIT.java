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
 * An installation upgraded from the version that kept the segment log as empty objects in the destination bucket
 * ({@code _millrace/firehose-segments/...}): the new task takes those entries over into Kafka, so the replay after
 * the upgrade still cuts where the old task cut (same objects, same keys), and the bucket is left with data only.
 */
class LegacySegmentLogUpgradeIT {
    private static final String LEGACY_PREFIX = "_millrace/firehose-segments/";

    private final TestStack stack = TestStack.get();

    @Test
    void anUpgradedTaskResumesAtTheOldCutsAndCleansTheBucket() throws Exception {
        Setup setup = setup("upgrade");
        TopicPartition tp = new TopicPartition(setup.topic, 0);
        try (S3Client s3 = S3Clients.create(setup.config)) {
            // The old version: two segments cut by the interval and written, a third open when it is stopped.
            AtomicLong clock = new AtomicLong(1_000_000);
            DeliveryEngine old = oldVersionEngine(setup.config, s3, clock);
            accept(old, setup, 0, 5);
            clock.addAndGet(6000);
            old.sealDue();
            accept(old, setup, 5, 8);
            clock.addAndGet(6000);
            old.sealDue();
            accept(old, setup, 8, 10);
            assertThat(old.writeObjects()).isEqualTo(2);
            old.close();
            List<String> before = stack.keys(setup.bucket, "");
            assertThat(before).filteredOn(k -> k.startsWith(LEGACY_PREFIX)).hasSize(2);
            List<String> dataBefore =
                    before.stream().filter(k -> !k.startsWith(LEGACY_PREFIX)).toList();
            assertThat(dataBefore).hasSize(2);

            // The new version reads everything again from offset 0 (nothing was committed), with other timing.
            AtomicLong otherClock = new AtomicLong(9_000_000);
            DeliveryEngine upgraded = newVersionEngine(setup.config, s3, otherClock);
            accept(upgraded, setup, 0, 12);
            otherClock.addAndGet(6000);
            upgraded.sealDue();
            upgraded.writeObjects();
            upgraded.close();

            List<String> after = stack.keys(setup.bucket, "");
            assertThat(after)
                    .as("only data objects are left in the bucket")
                    .noneMatch(k -> k.startsWith("_millrace"))
                    .hasSize(3)
                    .containsAll(dataBefore);
            List<String> lines = new ArrayList<>();
            for (String key : after) {
                lines.addAll(new String(stack.get(setup.bucket, key), StandardCharsets.UTF_8)
                        .lines()
                        .toList());
            }
            assertThat(lines)
                    .containsExactlyInAnyOrder(
                            "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11");
            assertThat(stack.segmentLog(setup.config, s3).load(tp, 0))
                    .containsExactly(Map.entry(0L, 4L), Map.entry(5L, 7L), Map.entry(8L, 11L));
        }
    }

    @Test
    void legacyEntriesBelowTheCommittedOffsetAreDeletedNotMoved() throws Exception {
        Setup setup = setup("upgrade-committed");
        TopicPartition tp = new TopicPartition(setup.topic, 0);
        try (S3Client s3 = S3Clients.create(setup.config)) {
            S3SegmentLog legacy = new S3SegmentLog(s3, setup.bucket, LEGACY_PREFIX, setup.config.streamName());
            legacy.record(tp, 0, 4);
            legacy.record(tp, 5, 7);
            assertThat(stack.keys(setup.bucket, LEGACY_PREFIX)).hasSize(2);

            SegmentLog log = stack.segmentLog(setup.config, s3);
            assertThat(log.load(tp, 5)).containsExactly(Map.entry(5L, 7L));
            assertThat(stack.keys(setup.bucket, "")).isEmpty();
            assertThat(log.load(tp, 5)).containsExactly(Map.entry(5L, 7L));
            assertThat(log.load(tp, 8)).isEmpty();
            assertThat(log.load(tp, 0)).isEmpty();
        }
    }

    private record Setup(FirehoseSinkConfig config, String topic, String bucket) {}

    private Setup setup(String base) {
        String stream = TestStack.unique(base);
        String bucket = TestStack.unique(base);
        String topic = TestStack.unique(base);
        stack.createBucket(bucket);
        Map<String, String> props = stack.connectorConfig(stream, topic, bucket);
        props.put(DestinationKeys.BUFFERING_INTERVAL_SECONDS, "5");
        props.put(ProcessingKeys.PROCESSING_APPEND_DELIMITER, "true");
        return new Setup(new FirehoseSinkConfig(props), topic, bucket);
    }

    /** As the previous version ran: the segment log as empty objects under the destination bucket's prefix. */
    private static DeliveryEngine oldVersionEngine(FirehoseSinkConfig config, S3Client s3, AtomicLong clock) {
        assertThat(config.segmentLogBucket()).isEqualTo(config.destination().bucket());
        assertThat(config.segmentLogPrefix()).isEqualTo(LEGACY_PREFIX);
        return new DeliveryEngine(
                config,
                new ObjectWriter(s3),
                new S3SegmentLog(s3, config.segmentLogBucket(), config.segmentLogPrefix(), config.streamName()),
                new DeliveryMetrics(config.streamName(), "old"),
                clock::get);
    }

    private DeliveryEngine newVersionEngine(FirehoseSinkConfig config, S3Client s3, AtomicLong clock) {
        return new DeliveryEngine(
                config,
                new ObjectWriter(s3),
                stack.segmentLog(config, s3),
                new DeliveryMetrics(config.streamName(), "new"),
                clock::get);
    }

    private static void accept(DeliveryEngine engine, Setup setup, int from, int to) {
        try (ProcessingPipeline processing = ProcessingPipeline.of(setup.config)) {
            for (int offset = from; offset < to; offset++) {
                SinkRecord record = new SinkRecord(
                        setup.topic,
                        0,
                        null,
                        null,
                        null,
                        ("r" + offset).getBytes(StandardCharsets.UTF_8),
                        offset,
                        1_700_000_000_000L + offset,
                        TimestampType.CREATE_TIME);
                engine.accept(record, processing.process(List.of(record)).get(0));
            }
        }
    }
}

package io.millrace.firehose.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.firehose.config.DestinationKeys;
import io.millrace.firehose.config.FirehoseSinkConfig;
import io.millrace.firehose.config.ProcessingKeys;
import io.millrace.firehose.it.TestStack;
import io.millrace.firehose.metrics.DeliveryMetrics;
import io.millrace.firehose.processing.ProcessingPipeline;
import io.millrace.firehose.processing.TestFunctions;
import io.millrace.firehose.s3.ObjectWriter;
import io.millrace.firehose.s3.S3Clients;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Exactly-once objects with a transformation function: records the function drops open no segment and commit at
 * once, and a replay with the same (deterministic) function cuts where the crashed task cut, so it rewrites the same
 * objects under the same keys.
 */
class ProcessedReplayIT {
    private static final List<String> VALUES = List.of("drop-0", "a", "b", "drop-3", "c", "drop-5", "d", "drop-7");
    private final TestStack stack = TestStack.get();

    @Test
    void aReplayThroughTheSameFunctionRewritesTheSameObjects() throws Exception {
        String stream = TestStack.unique("processed-replay");
        String bucket = TestStack.unique("processed-replay");
        String topic = TestStack.unique("processed-replay");
        stack.createBucket(bucket);
        Map<String, String> props = stack.connectorConfig(stream, topic, bucket);
        props.put(DestinationKeys.BUFFERING_INTERVAL_SECONDS, "5");
        props.put(ProcessingKeys.PROCESSING_APPEND_DELIMITER, "true");
        props.put(ProcessingKeys.PROCESSING_LAMBDA_FUNCTION, "java:" + TestFunctions.WrapFunction.class.getName());
        FirehoseSinkConfig config = new FirehoseSinkConfig(props);
        TopicPartition tp = new TopicPartition(topic, 0);

        try (S3Client s3 = S3Clients.create(config);
                ProcessingPipeline processing = ProcessingPipeline.of(config)) {
            AtomicLong clock = new AtomicLong(1_000_000);
            DeliveryEngine first = engine(config, s3, clock, "first");
            // A dropped record with nothing open commits at once.
            accept(first, processing, topic, 0, 1);
            assertThat(first.committableOffsets(List.of(tp))).containsEntry(tp, new OffsetAndMetadata(1));
            accept(first, processing, topic, 1, 4);
            clock.addAndGet(6000);
            first.sealDue();
            accept(first, processing, topic, 4, 6);
            clock.addAndGet(6000);
            first.sealDue();
            accept(first, processing, topic, 6, 7);
            assertThat(first.writeObjects()).isEqualTo(2);
            List<String> before = stack.keys(bucket, "");
            assertThat(before).hasSize(2);
            first.close();

            AtomicLong otherClock = new AtomicLong(9_000_000);
            DeliveryEngine second = engine(config, s3, otherClock, "second");
            accept(second, processing, topic, 0, VALUES.size());
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
            assertThat(lines).containsExactlyInAnyOrder("T(a)", "T(b)", "T(c)", "T(d)");
            assertThat(second.committableOffsets(List.of(tp))).containsEntry(tp, new OffsetAndMetadata(VALUES.size()));
            second.close();
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

    private static void accept(DeliveryEngine engine, ProcessingPipeline processing, String topic, int from, int to) {
        List<SinkRecord> records = new ArrayList<>();
        for (int offset = from; offset < to; offset++) {
            records.add(new SinkRecord(
                    topic,
                    0,
                    null,
                    null,
                    null,
                    VALUES.get(offset).getBytes(StandardCharsets.UTF_8),
                    offset,
                    1_700_000_000_000L + offset,
                    TimestampType.CREATE_TIME));
        }
        var outcomes = processing.process(records);
        for (int i = 0; i < records.size(); i++) {
            engine.accept(records.get(i), outcomes.get(i));
        }
    }
}

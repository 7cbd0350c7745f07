package io.millrace.firehose.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.firehose.config.DestinationKeys;
import io.millrace.firehose.config.FirehoseSinkConfig;
import io.millrace.firehose.conversion.ConversionConfig;
import io.millrace.firehose.it.TestStack;
import io.millrace.firehose.metrics.DeliveryMetrics;
import io.millrace.firehose.processing.RecordOutcome;
import io.millrace.firehose.s3.ObjectWriter;
import io.millrace.firehose.s3.S3Clients;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Exactly-once naming with format conversion: a segment replayed after a crash gives the same Parquet object under
 * the same key, byte for byte, and its malformed record the same error object (only attemptEndingTimestamp moves).
 */
class ConvertedSegmentReplayIT {
    private final TestStack stack = TestStack.get();

    @Test
    void aReplayedSegmentRewritesTheSameParquetObjectAndErrorObject() throws Exception {
        String stream = TestStack.unique("replay-parquet");
        String bucket = TestStack.unique("replay-parquet");
        String topic = TestStack.unique("replay-parquet");
        stack.createBucket(bucket);
        Map<String, String> props = stack.connectorConfig(stream, topic, bucket);
        props.put(DestinationKeys.BUFFERING_INTERVAL_SECONDS, "5");
        props.put(ConversionConfig.ENABLED, "true");
        props.put(ConversionConfig.COLUMNS, "struct<id:bigint,name:string>");
        FirehoseSinkConfig config = new FirehoseSinkConfig(props);

        try (S3Client s3 = S3Clients.create(config)) {
            AtomicLong clock = new AtomicLong(1_000_000);
            DeliveryEngine first = engine(config, s3, clock, "first");
            accept(first, topic);
            clock.addAndGet(6000);
            first.sealDue();
            assertThat(first.writeObjects()).isEqualTo(2);
            first.close();
            Map<String, byte[]> before = objects(bucket);
            assertThat(before.keySet())
                    .hasSize(2)
                    .anyMatch(k -> k.endsWith(".parquet"))
                    .anyMatch(k -> k.contains("format-conversion-failed/"));

            // The crashed task committed nothing: the next one reads the same records, with other timing.
            AtomicLong otherClock = new AtomicLong(7_000_000);
            DeliveryEngine second = engine(config, s3, otherClock, "second");
            accept(second, topic);
            otherClock.addAndGet(6000);
            second.sealDue();
            second.writeObjects();
            second.close();
            Map<String, byte[]> after = objects(bucket);

            assertThat(after.keySet()).isEqualTo(before.keySet());
            for (String key : before.keySet()) {
                if (key.endsWith(".parquet")) {
                    assertThat(after.get(key))
                            .as("the Parquet file, byte for byte")
                            .isEqualTo(before.get(key));
                } else {
                    assertThat(withoutAttemptEnd(after.get(key))).isEqualTo(withoutAttemptEnd(before.get(key)));
                }
            }
        }
    }

    private Map<String, byte[]> objects(String bucket) {
        Map<String, byte[]> out = new HashMap<>();
        for (String key : stack.keys(bucket, "")) {
            out.put(key, stack.get(bucket, key));
        }
        return out;
    }

    private static String withoutAttemptEnd(byte[] envelope) {
        return new String(envelope, StandardCharsets.UTF_8).replaceAll("\"attemptEndingTimestamp\":\\d+", "");
    }

    private static DeliveryEngine engine(FirehoseSinkConfig config, S3Client s3, AtomicLong clock, String task) {
        return new DeliveryEngine(
                config,
                new ObjectWriter(s3),
                TestStack.get().segmentLog(config, s3),
                new DeliveryMetrics(config.streamName(), task),
                clock::get);
    }

    private static void accept(DeliveryEngine engine, String topic) {
        List<String> records = List.of(
                "{\"id\": 0, \"name\": \"a\"}",
                "{\"id\": 1}{\"id\": 2, \"name\": \"c\"}",
                "not json",
                "{\"id\": 3, \"name\": \"d\"}");
        for (int offset = 0; offset < records.size(); offset++) {
            byte[] data = records.get(offset).getBytes(StandardCharsets.UTF_8);
            // No processors: the record reaches conversion as it was put.
            engine.accept(
                    new SinkRecord(
                            topic,
                            0,
                            null,
                            null,
                            null,
                            data,
                            offset,
                            1_700_000_000_000L + offset,
                            TimestampType.CREATE_TIME),
                    RecordOutcome.delivered(data));
        }
    }
}

package io.millrace.firehose.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.millrace.firehose.config.DestinationKeys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** BufferingHints: an object is written at SizeInMBs or at IntervalInSeconds, whichever comes first. */
class FlushTriggersIT {
    private final TestStack stack = TestStack.get();

    @Test
    void sizeWritesAnObjectPerFullBufferAndCommitsOnlyWhatIsWritten() throws Exception {
        String topic = TestStack.unique("size");
        String bucket = TestStack.unique("size-bucket");
        stack.createTopic(topic, 1);
        stack.createBucket(bucket);
        Map<String, String> config = stack.connectorConfig("size-stream", topic, bucket);
        config.put(DestinationKeys.BUFFERING_SIZE_MB, "1");
        config.put(DestinationKeys.BUFFERING_INTERVAL_SECONDS, "900");
        String connector = TestStack.unique("size-connector");
        stack.startConnector(connector, config);
        try {
            // 100 KiB records: a 1 MiB buffer is full after 11 of them (10 make 1,024,000 bytes, below 1 MiB).
            for (int i = 0; i < 40; i++) {
                byte[] value = new byte[100 * 1024];
                Arrays.fill(value, (byte) ('a' + i % 26));
                stack.produce(topic, 0, null, null, value);
            }
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> stack.keys(bucket, "").size() == 3);
            List<String> keys = stack.keys(bucket, "");
            for (var object : stack.list(bucket, "")) {
                assertThat(object.size()).isEqualTo(11 * 100 * 1024L);
            }
            // The 7 remaining records wait for the 900 s interval: their offsets (33..39) must not be committed.
            // Objects are written in the background, so the commit covering the third one can come at the next
            // offset flush (5 s here) rather than right after the batch that filled it.
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                OffsetAndMetadata committed = stack.committedOffsets(connector).get(new TopicPartition(topic, 0));
                return committed != null && committed.offset() >= 33;
            });
            Thread.sleep(2000);
            assertThat(stack.keys(bucket, "")).isEqualTo(keys);
            assertThat(stack.committedOffsets(connector)
                            .get(new TopicPartition(topic, 0))
                            .offset())
                    .isEqualTo(33);
        } finally {
            stack.stopConnector(connector);
        }
    }

    @Test
    void intervalWritesAnObjectEvenWhenNoFurtherRecordArrives() throws Exception {
        String topic = TestStack.unique("interval");
        String bucket = TestStack.unique("interval-bucket");
        stack.createTopic(topic, 1);
        stack.createBucket(bucket);
        Map<String, String> config = stack.connectorConfig("interval-stream", topic, bucket);
        config.put(DestinationKeys.BUFFERING_SIZE_MB, "128");
        config.put(DestinationKeys.BUFFERING_INTERVAL_SECONDS, "2");
        String connector = TestStack.unique("interval-connector");
        stack.startConnector(connector, config);
        try {
            for (int i = 0; i < 5; i++) {
                stack.produce(topic, 0, null, null, ("record-" + i + ";").getBytes(StandardCharsets.UTF_8));
            }
            long produced = System.currentTimeMillis();
            // The worker's consumer only hands Connect a (possibly empty) batch every offset.flush.interval.ms
            // (5 s here) when the topic is idle; the object must come from the task's own timer.
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> !stack.keys(bucket, "").isEmpty());
            long waited = System.currentTimeMillis() - produced;
            assertThat(waited).isGreaterThanOrEqualTo(1500);
            List<String> keys = stack.keys(bucket, "");
            assertThat(keys).hasSize(1);
            assertThat(new String(stack.get(bucket, keys.get(0)), StandardCharsets.UTF_8))
                    .isEqualTo("record-0;record-1;record-2;record-3;record-4;");
        } finally {
            stack.stopConnector(connector);
        }
    }

    /**
     * The interval counts from the first buffered record's arrival, not from when this task buffered it: a record
     * that arrived 895 s ago under a 900 s interval (buffered by a process that then restarted) is written within
     * seconds, not 900 s after the restart.
     */
    @Test
    void intervalCountsFromTheFirstRecordsArrivalAcrossRestarts() throws Exception {
        String topic = TestStack.unique("arrival");
        String bucket = TestStack.unique("arrival-bucket");
        stack.createTopic(topic, 1);
        stack.createBucket(bucket);
        Map<String, String> config = stack.connectorConfig("arrival-stream", topic, bucket);
        config.put(DestinationKeys.BUFFERING_SIZE_MB, "128");
        config.put(DestinationKeys.BUFFERING_INTERVAL_SECONDS, "900");
        long arrival = System.currentTimeMillis() - 895_000;
        stack.produce(topic, 0, arrival, null, "early;".getBytes(StandardCharsets.UTF_8));
        String connector = TestStack.unique("arrival-connector");
        stack.startConnector(connector, config);
        try {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !stack.keys(bucket, "").isEmpty());
            List<String> keys = stack.keys(bucket, "");
            assertThat(keys).hasSize(1);
            assertThat(new String(stack.get(bucket, keys.get(0)), StandardCharsets.UTF_8))
                    .isEqualTo("early;");
        } finally {
            stack.stopConnector(connector);
        }
    }
}

package io.millrace.firehose.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.millrace.firehose.config.DestinationKeys;
import io.millrace.firehose.config.ProcessingKeys;
import io.millrace.firehose.metrics.DeliveryMetrics;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.Test;

/** S3 goes away while records arrive: nothing is committed meanwhile, everything lands once it is back. */
class S3OutageIT {
    private final TestStack stack = TestStack.get();

    @Test
    void recordsWrittenDuringAnOutageAreDeliveredExactlyOnceAfterIt() throws Exception {
        String stream = TestStack.unique("outage");
        String topic = TestStack.unique("outage");
        String bucket = TestStack.unique("outage");
        stack.createTopic(topic, 2);
        stack.createBucket(bucket);
        Map<String, String> config = stack.connectorConfig(stream, topic, bucket);
        config.put(DestinationKeys.BUFFERING_INTERVAL_SECONDS, "1");
        config.put(ProcessingKeys.PROCESSING_APPEND_DELIMITER, "true");
        String connector = TestStack.unique("outage");
        stack.startConnector(connector, config);
        List<String> expected = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                String record = "before-outage-" + i;
                stack.produce(topic, i % 2, null, null, record.getBytes(StandardCharsets.UTF_8));
                expected.add(record);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> delivered(bucket).size() == 4);
            stack.stopS3();
            try {
                for (int i = 0; i < 60; i++) {
                    String record = "during-outage-" + i;
                    stack.produce(topic, i % 2, null, null, record.getBytes(StandardCharsets.UTF_8));
                    expected.add(record);
                }
                // Several intervals and retries pass with S3 down.
                Thread.sleep(4000);
                // Nothing written during the outage, so nothing committed past the 2 records per partition before it.
                for (OffsetAndMetadata offset :
                        stack.committedOffsets(connector).values()) {
                    assertThat(offset == null ? 0 : offset.offset()).isLessThanOrEqualTo(2);
                }
            } finally {
                stack.startS3();
            }
            for (int i = 0; i < 20; i++) {
                String record = "after-outage-" + i;
                stack.produce(topic, i % 2, null, null, record.getBytes(StandardCharsets.UTF_8));
                expected.add(record);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> delivered(bucket).size() >= expected.size());
            assertThat(delivered(bucket)).containsExactlyInAnyOrderElementsOf(expected);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                var offsets = stack.committedOffsets(connector);
                return offsets.size() == 2
                        && offsets.values().stream()
                                        .mapToLong(OffsetAndMetadata::offset)
                                        .sum()
                                == expected.size();
            });
            double success = (Double) ManagementFactory.getPlatformMBeanServer()
                    .getAttribute(DeliveryMetrics.objectName(stream, "0"), "DeliveryToS3.Success");
            assertThat(success).isLessThan(1.0).isGreaterThan(0.0);
        } finally {
            stack.stopConnector(connector);
        }
    }

    private List<String> delivered(String bucket) {
        List<String> lines = new ArrayList<>();
        for (byte[] object : stack.readableObjects(bucket, "").values()) {
            for (String line : new String(object, StandardCharsets.UTF_8).split("\n")) {
                if (!line.isEmpty()) {
                    lines.add(line);
                }
            }
        }
        return lines;
    }
}

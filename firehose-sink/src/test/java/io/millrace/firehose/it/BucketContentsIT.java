package io.millrace.firehose.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.millrace.firehose.config.DestinationKeys;
import io.millrace.firehose.config.FirehoseSinkConfig;
import io.millrace.firehose.config.ProcessingKeys;
import io.millrace.firehose.processing.TestFunctions;
import io.millrace.firehose.s3.S3Clients;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The destination bucket holds what AWS's would: data objects and error output, nothing of the platform's own
 * bookkeeping. The segment log that makes object keys exactly-once lives in a Kafka topic instead.
 */
class BucketContentsIT {
    private final TestStack stack = TestStack.get();

    @Test
    void theBucketHoldsOnlyDataAndErrorObjects() throws Exception {
        String stream = TestStack.unique("contents");
        String topic = TestStack.unique("contents");
        String bucket = TestStack.unique("contents");
        String connector = TestStack.unique("contents");
        stack.createTopic(topic, 1);
        stack.createBucket(bucket);
        for (String value : List.of("apple", "fail-1", "banana")) {
            stack.produce(topic, 0, 1_700_000_000_000L, null, value.getBytes(StandardCharsets.UTF_8));
        }
        Map<String, String> config = stack.connectorConfig(stream, topic, bucket);
        config.put(DestinationKeys.BUFFERING_INTERVAL_SECONDS, "1");
        config.put(DestinationKeys.S3_PREFIX, "data/");
        config.put(ProcessingKeys.PROCESSING_LAMBDA_FUNCTION, "java:" + TestFunctions.WrapFunction.class.getName());
        stack.startConnector(connector, config);
        try {
            TopicPartition tp = new TopicPartition(topic, 0);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                OffsetAndMetadata committed = stack.committedOffsets(connector).get(tp);
                return committed != null && committed.offset() == 3;
            });
        } finally {
            stack.stopConnector(connector);
        }
        List<String> keys = stack.keys(bucket, "");
        List<String> errors = keys.stream()
                .filter(k -> k.startsWith("data/processing-failed/"))
                .toList();
        List<String> data = keys.stream().filter(k -> !errors.contains(k)).toList();
        assertThat(errors).isNotEmpty();
        assertThat(data).isNotEmpty().allMatch(k -> k.startsWith("data/2023/11/14/22/" + stream + "-1-"));
        assertThat(TestStack.concat(data.stream().map(k -> stack.get(bucket, k)).toList()))
                .asString(StandardCharsets.UTF_8)
                .isEqualTo("T(apple)T(banana)");
        // The object boundaries are in Kafka, where a restart finds them.
        FirehoseSinkConfig sinkConfig = new FirehoseSinkConfig(config);
        try (S3Client s3 = S3Clients.create(sinkConfig)) {
            NavigableMap<Long, Long> segments = stack.segmentLog(sinkConfig, s3).load(new TopicPartition(topic, 0), 0);
            assertThat(segments.firstKey()).isZero();
            assertThat(segments.lastEntry().getValue()).isEqualTo(2L);
        }
    }
}

package io.millrace.firehose.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.firehose.config.DestinationKeys;
import io.millrace.firehose.config.FirehoseSinkConfig;
import io.millrace.firehose.config.PartitioningKeys;
import io.millrace.firehose.config.ProcessingKeys;
import io.millrace.firehose.it.TestStack;
import io.millrace.firehose.metrics.DeliveryMetrics;
import io.millrace.firehose.processing.ProcessingPipeline;
import io.millrace.firehose.s3.ObjectWriter;
import io.millrace.firehose.s3.S3Clients;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
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
 * The delivery engine with dynamic partitioning on real S3 (S3Proxy) and a controlled clock, no Connect: one buffer
 * per partition key values within a Kafka partition's segment, a replay after a crash writing the same objects under
 * the same keys, and AWS's active partition limit.
 */
class PartitionedDeliveryIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final TestStack stack = TestStack.get();
    /** The configuration of the test's engines, whose processors (AppendDelimiterToRecord) run before them. */
    private FirehoseSinkConfig config;

    @Test
    void replayAfterACrashRewritesTheSamePartitionedObjects() throws Exception {
        Setup s = setup("replay-dp", 500);
        try (S3Client s3 = S3Clients.create(s.config())) {
            // The first task: a segment cut by the interval and written, a second still open when it dies.
            AtomicLong clock = new AtomicLong(1_000_000);
            DeliveryEngine first = engine(s.config(), s3, clock, "first");
            accept(first, s.topic(), 0, 0, 7);
            clock.addAndGet(6000);
            first.sealDue();
            accept(first, s.topic(), 0, 7, 12);
            first.writeObjects();
            List<String> before = stack.keys(s.bucket(), "");
            // Offsets 0-6: customers a, b, c and the broken record 3: three partitions and one error object.
            assertThat(before).hasSize(4);
            assertThat(before).filteredOn(k -> k.startsWith("customer_id=")).hasSize(3);
            first.close();

            // Nothing was committed: the next task reads everything again, in one go, with other timing.
            AtomicLong otherClock = new AtomicLong(9_000_000);
            DeliveryEngine second = engine(s.config(), s3, otherClock, "second");
            accept(second, s.topic(), 0, 0, 15);
            otherClock.addAndGet(6000);
            second.sealDue();
            second.writeObjects();
            List<String> after = stack.keys(s.bucket(), "");
            assertThat(after).containsAll(before);
            TopicPartition tp = new TopicPartition(s.topic(), 0);
            assertThat(second.committableOffsets(List.of(tp))).containsEntry(tp, new OffsetAndMetadata(15));
            second.close();

            // Every record exactly once, in the object of its customer, or in the error output.
            List<Integer> delivered = new ArrayList<>();
            for (String key : after) {
                if (!key.startsWith("customer_id=")) {
                    continue;
                }
                String customer = key.substring("customer_id=".length(), key.indexOf('/'));
                for (String line : text(s.bucket(), key).lines().toList()) {
                    JsonNode record = JSON.readTree(line);
                    assertThat(record.get("customer_id").asText()).isEqualTo(customer);
                    delivered.add(record.get("n").asInt());
                }
            }
            List<Integer> failed = new ArrayList<>();
            for (String key : stack.keys(s.bucket(), "errors/DynamicPartitioning.MetadataExtractionFailed/")) {
                for (String line : text(s.bucket(), key).lines().toList()) {
                    JsonNode envelope = JSON.readTree(line);
                    assertThat(envelope.get("errorCode").asText())
                            .isEqualTo("DynamicPartitioning.MetadataExtractionFailed");
                    String raw = new String(
                            Base64.getDecoder().decode(envelope.get("rawData").asText()), StandardCharsets.UTF_8);
                    failed.add(Integer.parseInt(raw.substring("broken ".length())));
                }
            }
            assertThat(failed).containsExactlyInAnyOrder(3, 10);
            assertThat(delivered).containsExactlyInAnyOrder(0, 1, 2, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14);
            // Two segments (0-6 and 7-14), three customers each, plus an error object each.
            assertThat(after).hasSize(8);
        }
    }

    @Test
    void recordsBeyondTheActivePartitionLimitGoToTheErrorOutput() throws Exception {
        Setup s = setup("limit-dp", 2);
        try (S3Client s3 = S3Clients.create(s.config())) {
            AtomicLong clock = new AtomicLong(1_000_000);
            DeliveryEngine engine = engine(s.config(), s3, clock, "limit");
            TopicPartition p0 = new TopicPartition(s.topic(), 0);
            TopicPartition p1 = new TopicPartition(s.topic(), 1);
            // a and b are active in partition 0; c would be a third partition.
            deliver(engine, record(s.topic(), 0, 0, "a"));
            deliver(engine, record(s.topic(), 0, 1, "b"));
            deliver(engine, record(s.topic(), 0, 2, "c"));
            deliver(engine, record(s.topic(), 0, 3, "a"));
            clock.addAndGet(6000);
            engine.sealDue();
            // A new segment: c is welcome now.
            deliver(engine, record(s.topic(), 0, 4, "c"));
            assertThat(engine.writeObjects()).isEqualTo(3);
            List<String> exceeded = stack.keys(s.bucket(), "errors/activePartitionExceeded/");
            assertThat(exceeded).hasSize(1);
            JsonNode envelope = JSON.readTree(text(s.bucket(), exceeded.get(0)));
            assertThat(envelope.get("errorCode").asText())
                    .isEqualTo("DynamicPartitioning.ActivePartitionsLimitExceeded");
            assertThat(new String(
                            Base64.getDecoder().decode(envelope.get("rawData").asText()), StandardCharsets.UTF_8))
                    .contains("\"customer_id\":\"c\"")
                    .contains("\"n\":2");
            assertThat(stack.keys(s.bucket(), "customer_id=a/")).hasSize(1);
            assertThat(text(s.bucket(), stack.keys(s.bucket(), "customer_id=a/").get(0))
                            .lines())
                    .hasSize(2);

            // Across Kafka partitions the task keeps within the limit by ending the other partitions' segments.
            deliver(engine, record(s.topic(), 0, 5, "d"));
            assertThat(engine.hasUnwrittenObjects()).isFalse();
            deliver(engine, record(s.topic(), 1, 0, "e"));
            assertThat(engine.hasUnwrittenObjects()).isTrue();
            assertThat(engine.writeObjects()).isEqualTo(2);
            assertThat(stack.keys(s.bucket(), "customer_id=c/")).hasSize(1);
            assertThat(stack.keys(s.bucket(), "customer_id=d/")).hasSize(1);
            assertThat(engine.committableOffsets(List.of(p0, p1)))
                    .containsEntry(p0, new OffsetAndMetadata(6))
                    .containsEntry(p1, new OffsetAndMetadata(0));
            engine.close();
        }
    }

    private record Setup(FirehoseSinkConfig config, String topic, String bucket) {}

    private Setup setup(String name, int maxActivePartitions) {
        String stream = TestStack.unique(name);
        String bucket = TestStack.unique(name);
        String topic = TestStack.unique(name);
        stack.createBucket(bucket);
        Map<String, String> props = stack.connectorConfig(stream, topic, bucket);
        props.put(DestinationKeys.BUFFERING_INTERVAL_SECONDS, "5");
        props.put(ProcessingKeys.PROCESSING_APPEND_DELIMITER, "true");
        props.put(PartitioningKeys.DYNAMIC_PARTITIONING_ENABLED, "true");
        props.put(PartitioningKeys.METADATA_EXTRACTION_QUERY, "{customer_id: .customer_id}");
        props.put(DestinationKeys.S3_PREFIX, "customer_id=!{partitionKeyFromQuery:customer_id}/");
        props.put(DestinationKeys.S3_ERROR_OUTPUT_PREFIX, "errors/!{firehose:error-output-type}/");
        props.put(PartitioningKeys.DYNAMIC_PARTITIONING_MAX_ACTIVE_PARTITIONS, Integer.toString(maxActivePartitions));
        config = new FirehoseSinkConfig(props);
        return new Setup(config, topic, bucket);
    }

    private String text(String bucket, String key) {
        return new String(stack.get(bucket, key), StandardCharsets.UTF_8);
    }

    private static DeliveryEngine engine(FirehoseSinkConfig config, S3Client s3, AtomicLong clock, String task) {
        return new DeliveryEngine(
                config,
                new ObjectWriter(s3),
                TestStack.get().segmentLog(config, s3),
                new DeliveryMetrics(config.streamName(), task),
                clock::get);
    }

    /** Customers a, b, c in turn; records 3, 10, ... (every seventh from 3) are not JSON. */
    private void accept(DeliveryEngine engine, String topic, int partition, int from, int to) {
        for (int offset = from; offset < to; offset++) {
            if (offset % 7 == 3) {
                deliver(
                        engine,
                        new SinkRecord(
                                topic,
                                partition,
                                null,
                                null,
                                null,
                                ("broken " + offset).getBytes(StandardCharsets.UTF_8),
                                offset,
                                1_700_000_000_000L + offset,
                                TimestampType.CREATE_TIME));
            } else {
                deliver(engine, record(topic, partition, offset, String.valueOf((char) ('a' + offset % 3))));
            }
        }
    }

    /** Processes a record as the task does, then hands it to the engine, which partitions it. */
    private void deliver(DeliveryEngine engine, SinkRecord record) {
        try (ProcessingPipeline processing = ProcessingPipeline.of(config)) {
            engine.accept(record, processing.process(List.of(record)).get(0));
        }
    }

    private static SinkRecord record(String topic, int partition, long offset, String customer) {
        String json = "{\"customer_id\":\"" + customer + "\",\"n\":" + offset + "}";
        return new SinkRecord(
                topic,
                partition,
                null,
                null,
                null,
                json.getBytes(StandardCharsets.UTF_8),
                offset,
                1_700_000_000_000L + offset,
                TimestampType.CREATE_TIME);
    }
}

package io.millrace.firehose.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.firehose.config.DestinationKeys;
import io.millrace.firehose.config.ProcessingKeys;
import io.millrace.firehose.metrics.DeliveryMetrics;
import io.millrace.firehose.processing.KplAggregate;
import io.millrace.firehose.processing.TestFunctions;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The Lambda processor in a running connector: a real HTTP function (and a Java class one) deciding Ok, Dropped or
 * ProcessingFailed per record, results read back from S3, failed records in AWS's envelope under the error prefix.
 */
class LambdaTransformationIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LAMBDA_ARN = "arn:aws:lambda:us-east-1:123456789012:function:wrap";
    private final TestStack stack = TestStack.get();

    private Map<String, String> config(String stream, String topic, String bucket, String function) {
        Map<String, String> config = stack.connectorConfig(stream, topic, bucket);
        config.put(DestinationKeys.BUFFERING_INTERVAL_SECONDS, "1");
        config.put(ProcessingKeys.PROCESSING_APPEND_DELIMITER, "true");
        config.put(ProcessingKeys.PROCESSING_LAMBDA_FUNCTION, function);
        config.put(ProcessingKeys.PROCESSING_LAMBDA_ARN, LAMBDA_ARN);
        config.put(ProcessingKeys.PROCESSING_LAMBDA_RETRY_BACKOFF_MS, "20");
        return config;
    }

    @Test
    void okRecordsAreDeliveredDroppedOnesVanishAndFailedOnesGoToTheErrorPrefix() throws Exception {
        String stream = TestStack.unique("lambda");
        String topic = TestStack.unique("lambda");
        String bucket = TestStack.unique("lambda");
        stack.createTopic(topic, 1);
        stack.createBucket(bucket);
        String connector = TestStack.unique("lambda");
        List<String> values = List.of("apple", "drop-1", "fail-1", "banana", "drop-2");
        for (String v : values) {
            stack.produce(topic, 0, 1_700_000_000_000L, null, v.getBytes(StandardCharsets.UTF_8));
        }
        try (TestFunctions.HttpFunction function = new TestFunctions.HttpFunction(n -> false)) {
            Map<String, String> config = config(stream, topic, bucket, function.url());
            config.put(DestinationKeys.S3_PREFIX, "data/");
            stack.startConnector(connector, config);
            try {
                await().ignoreExceptions()
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> stack.keys(bucket, "data/").size() == 2);
                assertThat(text(bucket, "data/2")).isEqualTo("T(apple)\nT(banana)\n");
                List<JsonNode> errors = envelopes(bucket, "data/processing-failed/");
                assertThat(errors).singleElement().satisfies(e -> {
                    assertThat(e.get("errorCode").asText()).isEqualTo("Lambda.ProcessingFailedStatus");
                    assertThat(e.get("errorMessage").asText()).isNotBlank();
                    assertThat(e.get("attemptsMade").asInt()).isEqualTo(1);
                    assertThat(e.get("arrivalTimestamp").asLong()).isEqualTo(1_700_000_000_000L);
                    assertThat(e.get("lambdaArn").asText()).isEqualTo(LAMBDA_ARN);
                    assertThat(decode(e.get("rawData"))).isEqualTo("fail-1");
                });
                // Dropped records count as processed: every offset commits, the last record being a dropped one.
                await().ignoreExceptions()
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> committed(connector, topic) == values.size());
                assertThat(function.invocations()).isEqualTo(1);
                // AWS's data transformation metrics: Ok and Dropped records succeed, the bytes are the Ok data.
                MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
                ObjectName metrics = DeliveryMetrics.objectName(stream, "0");
                assertThat(jmx.getAttribute(metrics, "ExecuteProcessing.Success"))
                        .isEqualTo(1.0);
                assertThat(jmx.getAttribute(metrics, "SucceedProcessing.Records"))
                        .isEqualTo(4L);
                assertThat(jmx.getAttribute(metrics, "SucceedProcessing.Bytes"))
                        .isEqualTo((long) "T(apple)T(banana)".length());
            } finally {
                stack.stopConnector(connector);
            }
        }
    }

    @Test
    void aFunctionThatRecoversLosesNothingAndOneThatNeverDoesSendsEverythingToErrors() throws Exception {
        String bucket = TestStack.unique("lambda-retry");
        stack.createBucket(bucket);

        String topic = TestStack.unique("lambda-recovers");
        stack.createTopic(topic, 1);
        String recovering = TestStack.unique("lambda-recovers");
        for (String v : List.of("one", "two")) {
            stack.produce(topic, 0, null, null, v.getBytes(StandardCharsets.UTF_8));
        }
        try (TestFunctions.HttpFunction flaky = new TestFunctions.HttpFunction(n -> n <= 2)) {
            Map<String, String> config = config(TestStack.unique("recovers"), topic, bucket, flaky.url());
            config.put(DestinationKeys.S3_PREFIX, "recovers/");
            config.put(ProcessingKeys.PROCESSING_LAMBDA_RETRIES, "3");
            stack.startConnector(recovering, config);
            try {
                await().ignoreExceptions()
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> text(bucket, "recovers/2").equals("T(one)\nT(two)\n"));
                assertThat(flaky.invocations()).isEqualTo(3);
                assertThat(stack.keys(bucket, "recovers/processing-failed/")).isEmpty();
            } finally {
                stack.stopConnector(recovering);
            }
        }

        String failingTopic = TestStack.unique("lambda-fails");
        stack.createTopic(failingTopic, 1);
        String failing = TestStack.unique("lambda-fails");
        String failingStream = TestStack.unique("fails");
        for (String v : List.of("a", "b", "c")) {
            stack.produce(failingTopic, 0, null, null, v.getBytes(StandardCharsets.UTF_8));
        }
        try (TestFunctions.HttpFunction broken = new TestFunctions.HttpFunction(n -> true)) {
            Map<String, String> config = config(failingStream, failingTopic, bucket, broken.url());
            config.put(DestinationKeys.S3_PREFIX, "fails/");
            config.put(ProcessingKeys.PROCESSING_LAMBDA_RETRIES, "2");
            stack.startConnector(failing, config);
            try {
                // Offsets commit only once the records are in S3: whenever the commit covers them, they are there.
                AtomicBoolean committedBeforeWritten = new AtomicBoolean();
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    long offset = committed(failing, failingTopic);
                    if (offset > 0
                            && stack.keys(bucket, "fails/processing-failed/").isEmpty()) {
                        committedBeforeWritten.set(true);
                    }
                    return offset == 3;
                });
                assertThat(committedBeforeWritten).isFalse();
                List<JsonNode> errors = envelopes(bucket, "fails/processing-failed/");
                assertThat(errors).extracting(e -> decode(e.get("rawData"))).containsExactly("a", "b", "c");
                assertThat(errors).allSatisfy(e -> {
                    assertThat(e.get("errorCode").asText()).isEqualTo("Lambda.FunctionError");
                    assertThat(e.get("errorMessage").asText()).contains("HTTP 500");
                    assertThat(e.get("attemptsMade").asInt()).isEqualTo(3);
                    assertThat(e.get("lambdaArn").asText()).isEqualTo(LAMBDA_ARN);
                });
                assertThat(broken.invocations()).isEqualTo(3);
                assertThat(ManagementFactory.getPlatformMBeanServer()
                                .getAttribute(
                                        DeliveryMetrics.objectName(failingStream, "0"), "ExecuteProcessing.Success"))
                        .isEqualTo(0.0);
                assertThat(stack.keys(bucket, "fails/2")).isEmpty();
            } finally {
                stack.stopConnector(failing);
            }
        }
    }

    @Test
    void aJavaClassFunctionAfterKplAndJsonDeAggregation() throws Exception {
        String topic = TestStack.unique("lambda-java");
        String bucket = TestStack.unique("lambda-java");
        stack.createTopic(topic, 1);
        stack.createBucket(bucket);
        String connector = TestStack.unique("lambda-java");
        stack.produce(topic, 0, null, null, "{\"n\":1}{\"n\":2}\n{\"n\":3}".getBytes(StandardCharsets.UTF_8));
        stack.produce(topic, 0, null, null, "not json".getBytes(StandardCharsets.UTF_8));
        // A KPL aggregate (as a Kinesis producer writes it) of two JSON sub-records, one of them holding two objects.
        stack.produce(
                topic,
                0,
                null,
                null,
                KplAggregate.aggregate(
                        List.of("pk"),
                        List.of(
                                "{\"n\":4}{\"n\":5}".getBytes(StandardCharsets.UTF_8),
                                "{\"n\":6}".getBytes(StandardCharsets.UTF_8)),
                        List.of(0, 0)));
        Map<String, String> config =
                config(TestStack.unique("java"), topic, bucket, "java:" + TestFunctions.WrapFunction.class.getName());
        config.put(DestinationKeys.S3_PREFIX, "java/");
        config.put(ProcessingKeys.PROCESSING_SUB_RECORD_TYPE, "JSON");
        config.put(ProcessingKeys.PROCESSING_KPL_DEAGGREGATION, "true");
        stack.startConnector(connector, config);
        try {
            await().ignoreExceptions()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> stack.keys(bucket, "java/").size() == 2);
            assertThat(text(bucket, "java/2"))
                    .isEqualTo("T({\"n\":1})\nT({\"n\":2})\nT({\"n\":3})\n"
                            + "T({\"n\":4})\nT({\"n\":5})\nT({\"n\":6})\n");
            assertThat(envelopes(bucket, "java/processing-failed/"))
                    .singleElement()
                    .satisfies(e -> {
                        assertThat(e.get("errorCode").asText()).isEqualTo("Millrace.DeAggregation.InvalidJson");
                        assertThat(e.has("lambdaArn")).isFalse();
                        assertThat(decode(e.get("rawData"))).isEqualTo("not json");
                    });
        } finally {
            stack.stopConnector(connector);
        }
    }

    private long committed(String connector, String topic) throws Exception {
        OffsetAndMetadata offset = stack.committedOffsets(connector).get(new TopicPartition(topic, 0));
        return offset == null ? -1 : offset.offset();
    }

    private String text(String bucket, String prefix) {
        StringBuilder b = new StringBuilder();
        stack.keys(bucket, prefix).forEach(k -> b.append(new String(stack.get(bucket, k), StandardCharsets.UTF_8)));
        return b.toString();
    }

    private List<JsonNode> envelopes(String bucket, String prefix) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : text(bucket, prefix).split("\n")) {
            if (!line.isEmpty()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    private static String decode(JsonNode base64) {
        return new String(Base64.getDecoder().decode(base64.asText()), StandardCharsets.UTF_8);
    }
}

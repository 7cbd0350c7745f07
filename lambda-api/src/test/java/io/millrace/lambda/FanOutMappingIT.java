package io.millrace.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.millrace.lambda.testkit.Checkpoints;
import io.millrace.lambda.testkit.HttpFunction;
import io.millrace.lambda.testkit.LambdaGateway;
import io.millrace.metrics.MetricSample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.EventSourcePosition;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;

/**
 * A mapping whose EventSourceArn is a registered stream consumer (enhanced fan-out), through the real SDK: an unknown
 * consumer is refused as AWS refuses it; the records of a two-shard stream reach the function through the consumer's
 * SubscribeToShard, every one once and each key in put order, across a restart of the mapping's pollers; the
 * checkpoints pass them all; the consumer stays ACTIVE and its AWS/Kinesis figures show the subscriptions and the
 * records they carried.
 */
class FanOutMappingIT {

    private static final Duration DELIVERY = Duration.ofSeconds(30);

    @Test
    void aConsumerSourceDeliversEveryRecordOnceThroughSubscribeToShardAcrossARestart() throws Exception {
        LambdaGateway gateway = LambdaGateway.shared();
        KinesisClient kinesis = gateway.kinesis();
        LambdaClient lambda = gateway.lambda();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String stream = "efo-" + run;
        kinesis.createStream(b -> b.streamName(stream).shardCount(2));
        kinesis.waiter().waitUntilStreamExists(b -> b.streamName(stream));
        String streamArn = kinesis.describeStreamSummary(b -> b.streamName(stream))
                .streamDescriptionSummary()
                .streamARN();
        String consumerName = "lambda-" + run;
        String consumerArn = kinesis.registerStreamConsumer(
                        b -> b.streamARN(streamArn).consumerName(consumerName))
                .consumer()
                .consumerARN();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> kinesis.describeStreamConsumer(b -> b.consumerARN(consumerArn))
                                .consumerDescription()
                                .consumerStatus()
                        == ConsumerStatus.ACTIVE);
        List<MetricSample> samples = new CopyOnWriteArrayList<>();
        gateway.publishKinesisMetricsTo(samples::addAll, Duration.ofSeconds(1));

        try (HttpFunction function = new HttpFunction(event -> HttpFunction.Answer.ok("{}"))) {
            String name = "efo-" + run;
            gateway.createFunction(name, function);

            // A consumer the stream does not have (another registration time) is refused.
            String unknown = consumerArn.substring(0, consumerArn.lastIndexOf(':') + 1) + "1";
            assertThatThrownBy(() -> lambda.createEventSourceMapping(b -> b.functionName(name)
                            .eventSourceArn(unknown)
                            .startingPosition(EventSourcePosition.TRIM_HORIZON)))
                    .isInstanceOf(InvalidParameterValueException.class)
                    .hasMessageContaining("Stream consumer not found");

            Map<String, Integer> counters = new HashMap<>();
            List<String> expected = new ArrayList<>(put(gateway, stream, counters, 60));
            var mapping = lambda.createEventSourceMapping(b -> b.functionName(name)
                    .eventSourceArn(consumerArn)
                    .startingPosition(EventSourcePosition.TRIM_HORIZON)
                    .batchSize(10));
            assertThat(mapping.eventSourceArn()).isEqualTo(consumerArn);
            await().atMost(DELIVERY).until(() -> function.deliveredData().size() >= expected.size());

            gateway.restartLambda();
            expected.addAll(put(gateway, stream, counters, 60));
            await().atMost(DELIVERY).until(() -> function.deliveredData().size() >= expected.size());
            await().atMost(DELIVERY).until(() -> Checkpoints.behind(mapping.uuid()) == expected.size());
            // Nothing more comes: every record once.
            Thread.sleep(1_500);
            assertThat(function.deliveredData()).containsExactlyInAnyOrderElementsOf(expected);
            assertKeyOrder(function);
            for (HttpFunction.Invocation invocation : function.invocations()) {
                assertThat(invocation.event().at("/Records/0/eventSourceARN").asText())
                        .isEqualTo(streamArn);
            }

            assertThat(kinesis.describeStreamConsumer(b -> b.consumerARN(consumerArn))
                            .consumerDescription()
                            .consumerStatus())
                    .isEqualTo(ConsumerStatus.ACTIVE);
            // Both shards subscribed before and again after the restart; the events carried every record.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(sum(samples, "SubscribeToShard.Success", consumerName))
                        .isGreaterThanOrEqualTo(4);
                assertThat(sum(samples, "SubscribeToShardEvent.Records", consumerName))
                        .isGreaterThanOrEqualTo(expected.size());
            });
            lambda.deleteEventSourceMapping(b -> b.uuid(mapping.uuid()));
        }
    }

    private static double sum(List<MetricSample> samples, String metric, String consumer) {
        return samples.stream()
                .filter(s -> s.metricName().equals(metric))
                .filter(s -> consumer.equals(s.dimensions().get("ConsumerName")))
                .mapToDouble(MetricSample::sum)
                .sum();
    }

    /** {@code count} records over 10 keys, each value {@code <key>:<n>} with n counting per key. */
    private static List<String> put(LambdaGateway gateway, String stream, Map<String, Integer> counters, int count) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String key = "key-" + i % 10;
            values.add(key + ":" + counters.merge(key, 1, Integer::sum));
        }
        gateway.put(stream, values, value -> value.substring(0, value.indexOf(':')));
        return values;
    }

    private static void assertKeyOrder(HttpFunction function) {
        Map<String, Integer> last = new HashMap<>();
        for (String value : function.deliveredData()) {
            String key = value.substring(0, value.indexOf(':'));
            int n = Integer.parseInt(value.substring(value.indexOf(':') + 1));
            assertThat(n).as("order of %s", key).isEqualTo(last.getOrDefault(key, 0) + 1);
            last.put(key, n);
        }
    }
}

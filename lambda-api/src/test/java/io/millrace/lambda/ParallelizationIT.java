package io.millrace.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.lambda.testkit.Checkpoints;
import io.millrace.lambda.testkit.HttpFunction;
import io.millrace.lambda.testkit.LambdaGateway;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.EventSourcePosition;

/**
 * ParallelizationFactor through the SDK: one shard's records reach a slow function in concurrent batches, each
 * record once, and every partition key's records in the order they were put.
 */
class ParallelizationIT {

    @Test
    void oneShardIsInvokedConcurrentlyWithEachKeyInOrder() throws Exception {
        LambdaGateway gateway = LambdaGateway.shared();
        KinesisClient kinesis = gateway.kinesis();
        LambdaClient lambda = gateway.lambda();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String stream = "esm-parallel-" + run;
        String streamArn = gateway.createStream(stream);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        try (HttpFunction function = new HttpFunction(event -> {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
            }
            return HttpFunction.Answer.ok("{}");
        })) {
            String name = "parallel-" + run;
            gateway.createFunction(name, function);
            // 48 records over 8 keys, each value <key>:<n> with n counting per key.
            List<PutRecordsRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < 48; i++) {
                String key = "key-" + i % 8;
                entries.add(PutRecordsRequestEntry.builder()
                        .partitionKey(key)
                        .data(SdkBytes.fromUtf8String(key + ":" + i / 8))
                        .build());
            }
            kinesis.putRecords(b -> b.streamName(stream).records(entries));
            var mapping = lambda.createEventSourceMapping(b -> b.functionName(name)
                    .eventSourceArn(streamArn)
                    .startingPosition(EventSourcePosition.TRIM_HORIZON)
                    .batchSize(3)
                    .parallelizationFactor(4));
            assertThat(mapping.parallelizationFactor()).isEqualTo(4);

            await().atMost(Duration.ofSeconds(60))
                    .until(() -> delivered(function).size() >= entries.size());
            List<String> delivered = delivered(function);
            assertThat(delivered)
                    .containsExactlyInAnyOrderElementsOf(
                            entries.stream().map(e -> e.data().asUtf8String()).toList());
            Map<String, Integer> lastPerKey = new HashMap<>();
            for (String value : delivered(function)) {
                String key = value.substring(0, value.indexOf(':'));
                int n = Integer.parseInt(value.substring(value.indexOf(':') + 1));
                assertThat(n).as("order of %s", key).isEqualTo(lastPerKey.getOrDefault(key, -1) + 1);
                lastPerKey.put(key, n);
            }
            assertThat(mostInFlight.get()).isBetween(2, 4);
            // The shard's checkpoint reaches the end once every lane is through.
            await().atMost(Duration.ofSeconds(30)).until(() -> Checkpoints.behind(mapping.uuid()) == entries.size());
            lambda.deleteEventSourceMapping(b -> b.uuid(mapping.uuid()));
        }
    }

    /** The records in the order the function received its invocations (one key's batches never overlap). */
    private static List<String> delivered(HttpFunction function) {
        List<String> out = new ArrayList<>();
        for (HttpFunction.Invocation invocation : function.invocations()) {
            for (JsonNode record : invocation.event().get("Records")) {
                out.add(new String(
                        Base64.getDecoder().decode(record.at("/kinesis/data").asText()), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}

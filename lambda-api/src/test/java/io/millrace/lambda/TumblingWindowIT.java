package io.millrace.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.lambda.testkit.Checkpoints;
import io.millrace.lambda.testkit.HttpFunction;
import io.millrace.lambda.testkit.LambdaGateway;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.EventSourcePosition;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;

/**
 * TumblingWindowInSeconds through the SDK: a function counting records in its state sees each window's state
 * passed from one invocation to the next, and a last invocation per window with isFinalInvokeForWindow and no
 * records; the final counts add up to every record put, and the checkpoint passes them once the windows end.
 */
class TumblingWindowIT {

    @Test
    void stateIsPassedThroughTheWindowAndHandedOverAtItsEnd() throws Exception {
        LambdaGateway gateway = LambdaGateway.shared();
        LambdaClient lambda = gateway.lambda();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String streamArn = gateway.createStream("esm-window-" + run);
        try (HttpFunction function = new HttpFunction(event -> {
            int count = event.at("/state/count").asInt(0) + event.get("Records").size();
            return HttpFunction.Answer.ok("{\"state\":{\"count\":" + count + "}}");
        })) {
            String name = "window-" + run;
            gateway.createFunction(name, function);
            List<PutRecordsRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                entries.add(PutRecordsRequestEntry.builder()
                        .partitionKey("k" + i)
                        .data(SdkBytes.fromUtf8String("r" + i))
                        .build());
            }
            gateway.kinesis().putRecords(b -> b.streamName("esm-window-" + run).records(entries));
            var mapping = lambda.createEventSourceMapping(b -> b.functionName(name)
                    .eventSourceArn(streamArn)
                    .startingPosition(EventSourcePosition.TRIM_HORIZON)
                    .batchSize(5)
                    .tumblingWindowInSeconds(2));
            assertThat(mapping.tumblingWindowInSeconds()).isEqualTo(2);

            await().atMost(Duration.ofSeconds(60))
                    .until(() -> finalCounts(function).stream()
                                    .mapToInt(Integer::intValue)
                                    .sum()
                            >= entries.size());
            assertThat(finalCounts(function).stream()
                            .mapToInt(Integer::intValue)
                            .sum())
                    .isEqualTo(entries.size());
            JsonNode previous = null;
            for (HttpFunction.Invocation invocation : function.invocations()) {
                JsonNode event = invocation.event();
                Instant start = Instant.parse(event.at("/window/start").asText());
                assertThat(Instant.parse(event.at("/window/end").asText())).isEqualTo(start.plusSeconds(2));
                assertThat(start.toEpochMilli() % 2000).isZero();
                assertThat(event.get("shardId").asText()).isEqualTo("shardId-000000000000");
                assertThat(event.get("eventSourceARN").asText()).isEqualTo(streamArn);
                assertThat(event.get("isWindowTerminatedEarly").asBoolean()).isFalse();
                boolean sameWindow = previous != null
                        && previous.at("/window/start").equals(event.at("/window/start"))
                        && !previous.get("isFinalInvokeForWindow").asBoolean();
                // The state the previous invocation of the window returned, or {} to begin with.
                int expectedState = sameWindow
                        ? previous.at("/state/count").asInt(0)
                                + previous.get("Records").size()
                        : 0;
                assertThat(event.at("/state/count").asInt(0)).isEqualTo(expectedState);
                if (event.get("isFinalInvokeForWindow").asBoolean()) {
                    assertThat(event.get("Records")).isEmpty();
                }
                previous = event;
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> Checkpoints.behind(mapping.uuid()) == entries.size());

            assertThatThrownBy(() -> lambda.updateEventSourceMapping(
                            b -> b.uuid(mapping.uuid()).parallelizationFactor(2)))
                    .isInstanceOf(InvalidParameterValueException.class);
            lambda.deleteEventSourceMapping(b -> b.uuid(mapping.uuid()));
        }
    }

    /** The state each window's final invocation was handed. */
    private static List<Integer> finalCounts(HttpFunction function) {
        List<Integer> out = new ArrayList<>();
        for (HttpFunction.Invocation invocation : function.invocations()) {
            if (invocation.event().path("isFinalInvokeForWindow").asBoolean()) {
                out.add(invocation.event().at("/state/count").asInt(0));
            }
        }
        return out;
    }
}

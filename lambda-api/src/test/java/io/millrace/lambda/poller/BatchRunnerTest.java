package io.millrace.lambda.poller;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.lambda.invoke.InvocationResult;
import io.millrace.schemas.lambda.EventSourceMappingRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The batch rules of BatchRunner, with a function written in the test: what is invoked, what is checkpointed. */
class BatchRunnerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KinesisEvents.Source SOURCE = new KinesisEvents.Source(
            "arn:aws:kinesis:us-east-1:000000000000:stream/s",
            "us-east-1",
            "arn:aws:iam::000000000000:role/r",
            0,
            1_700_000_000L);

    private final List<List<String>> invoked = new ArrayList<>();
    private final List<Long> checkpoints = new ArrayList<>();

    @Test
    void reportedItemFailureCheckpointsBeforeItAndRetriesFromIt() throws Exception {
        List<ConsumerRecord<byte[], byte[]>> batch = records(6);
        String third = KinesisEvents.sequenceNumber(SOURCE, batch.get(3));
        BatchRunner runner = runner(
                mapping(-1, false, List.of("ReportBatchItemFailures")),
                data -> invoked.size() == 1
                        ? InvocationResult.ok(("{\"batchItemFailures\":[{\"itemIdentifier\":\"" + third + "\"}]}")
                                .getBytes(StandardCharsets.UTF_8))
                        : InvocationResult.ok("{\"batchItemFailures\":[]}".getBytes(StandardCharsets.UTF_8)));
        assertThat(runner.run(SOURCE, batch, checkpoints::add)).isTrue();
        assertThat(invoked).containsExactly(List.of("r0", "r1", "r2", "r3", "r4", "r5"), List.of("r3", "r4", "r5"));
        assertThat(checkpoints).containsExactly(103L, 106L);
    }

    @Test
    void unknownItemIdentifierFailsTheWholeBatch() throws Exception {
        List<ConsumerRecord<byte[], byte[]>> batch = records(3);
        BatchRunner runner = runner(
                mapping(-1, false, List.of("ReportBatchItemFailures")),
                data -> invoked.size() == 1
                        ? InvocationResult.ok("{\"batchItemFailures\":[{\"itemIdentifier\":\"42\"}]}"
                                .getBytes(StandardCharsets.UTF_8))
                        : InvocationResult.ok("{}".getBytes(StandardCharsets.UTF_8)));
        assertThat(runner.run(SOURCE, batch, checkpoints::add)).isTrue();
        assertThat(invoked).hasSize(2).allSatisfy(call -> assertThat(call).hasSize(3));
        assertThat(checkpoints).containsExactly(103L);
    }

    @Test
    void bisectionIsolatesTheFailingRecordAndSkipsItAfterItsRetries() throws Exception {
        List<ConsumerRecord<byte[], byte[]>> batch = records(8);
        BatchRunner runner = runner(
                mapping(2, true, List.of()),
                data -> data.contains("r5")
                        ? InvocationResult.unhandled("Boom", "r5 fails")
                        : InvocationResult.ok("{}".getBytes(StandardCharsets.UTF_8)));
        assertThat(runner.run(SOURCE, batch, checkpoints::add)).isTrue();
        long calls5 =
                invoked.stream().filter(call -> call.equals(List.of("r5"))).count();
        assertThat(calls5).as("the first try of r5 alone and its two retries").isEqualTo(3);
        List<String> succeeded = new ArrayList<>();
        invoked.stream().filter(call -> !call.contains("r5")).forEach(succeeded::addAll);
        assertThat(succeeded).containsExactly("r0", "r1", "r2", "r3", "r4", "r6", "r7");
        assertThat(checkpoints).isSorted().last().isEqualTo(108L);
        assertThat(checkpoints).contains(106L);
    }

    @Test
    void withoutBisectionTheWholeBatchIsRetriedThenSkipped() throws Exception {
        List<ConsumerRecord<byte[], byte[]>> batch = records(4);
        BatchRunner runner = runner(mapping(1, false, List.of()), data -> InvocationResult.unhandled("Boom", "always"));
        assertThat(runner.run(SOURCE, batch, checkpoints::add)).isTrue();
        assertThat(invoked).hasSize(2);
        assertThat(checkpoints).containsExactly(104L);
        assertThat(runner.lastResult()).isEqualTo("PROBLEM: Function call failed");
    }

    private BatchRunner runner(EventSourceMappingRecord mapping, Function<List<String>, InvocationResult> function) {
        return new BatchRunner(
                mapping,
                (event, lastArrival) -> {
                    List<String> data = dataOf(event);
                    invoked.add(data);
                    return function.apply(data);
                },
                new FailureDestination(null, null),
                () -> true);
    }

    private static List<String> dataOf(byte[] event) {
        try {
            List<String> out = new ArrayList<>();
            for (JsonNode record : JSON.readTree(event).get("Records")) {
                out.add(new String(
                        Base64.getDecoder().decode(record.at("/kinesis/data").asText()), StandardCharsets.UTF_8));
            }
            return out;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> records(int count) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(new ConsumerRecord<>(
                    "s", 0, 100 + i, "k".getBytes(StandardCharsets.UTF_8), ("r" + i).getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    private static EventSourceMappingRecord mapping(int retries, boolean bisect, List<String> responseTypes) {
        return EventSourceMappingRecord.newBuilder()
                .setUuid("00000000-0000-0000-0000-000000000000")
                .setVersion(1)
                .setFunctionArn("arn:aws:lambda:us-east-1:000000000000:function:f")
                .setEventSourceArn("arn:aws:kinesis:us-east-1:000000000000:stream/s")
                .setStreamName("s")
                .setEnabled(true)
                .setBatchSize(100)
                .setMaximumBatchingWindowInSeconds(0)
                .setStartingPosition("TRIM_HORIZON")
                .setStartMillis(0)
                .setMaximumRetryAttempts(retries)
                .setBisectBatchOnFunctionError(bisect)
                .setFunctionResponseTypes(responseTypes)
                .setTags(Map.of())
                .setCreatedMillis(0)
                .setLastModifiedMillis(0)
                .build();
    }
}

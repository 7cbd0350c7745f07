package io.millrace.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.millrace.lambda.testkit.Checkpoints;
import io.millrace.lambda.testkit.HttpFunction;
import io.millrace.lambda.testkit.LambdaGateway;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.EventSourcePosition;
import software.amazon.awssdk.services.lambda.model.Filter;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;

/**
 * FilterCriteria on a Kinesis event source mapping through the SDK: only records matching one of the patterns (on
 * the JSON data, or on the partition key) reach the function, in order; the others are dropped and the checkpoint
 * still moves past them; patterns AWS would refuse are refused with InvalidParameterValueException.
 */
class MappingFiltersIT {

    @Test
    void onlyMatchingRecordsAreInvokedAndTheCheckpointPassesTheRest() throws Exception {
        LambdaGateway gateway = LambdaGateway.shared();
        KinesisClient kinesis = gateway.kinesis();
        LambdaClient lambda = gateway.lambda();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String stream = "esm-filter-" + run;
        String streamArn = gateway.createStream(stream);
        try (HttpFunction function = new HttpFunction(event -> HttpFunction.Answer.ok("{}"))) {
            String name = "filter-" + run;
            gateway.createFunction(name, function);
            // Orders of 0..19, "buy" for the even ones; key "vip" for every fifth; one record that is not JSON.
            List<PutRecordsRequestEntry> entries = new ArrayList<>();
            IntStream.range(0, 20)
                    .forEach(i -> entries.add(entry(
                            i % 5 == 0 ? "vip" : "k" + i,
                            "{\"type\":\"" + (i % 2 == 0 ? "buy" : "sell") + "\",\"quantity\":" + i * 100 + "}")));
            entries.add(entry("k-raw", "not json"));
            entries.add(entry("k-last", "{\"type\":\"sell\",\"quantity\":1}"));
            kinesis.putRecords(b -> b.streamName(stream).records(entries));

            var mapping = lambda.createEventSourceMapping(b -> b.functionName(name)
                    .eventSourceArn(streamArn)
                    .startingPosition(EventSourcePosition.TRIM_HORIZON)
                    .batchSize(5)
                    .filterCriteria(f -> f.filters(
                            pattern("{\"data\":{\"type\":[\"buy\"],\"quantity\":[{\"numeric\":[\">=\",1000]}]}}"),
                            pattern("{\"partitionKey\":[\"vip\"]}"))));
            assertThat(mapping.filterCriteria().filters()).hasSize(2);

            // Even quantities from 1000 (i = 10, 12, ..., 18) or key vip (i = 0, 5, 10, 15), in put order.
            List<String> expected = entries.stream()
                    .filter(e -> {
                        String data = e.data().asUtf8String();
                        int i = data.startsWith("{\"type\"") ? Integer.parseInt(data.replaceAll("\\D", "")) / 100 : -1;
                        return e.partitionKey().equals("vip") || (data.contains("buy") && i >= 10);
                    })
                    .map(e -> e.data().asUtf8String())
                    .toList();
            assertThat(expected).hasSize(8);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> delivered(function).size() >= expected.size());
            // All 22 records are behind the checkpoint, though the last ones matched no filter.
            await().atMost(Duration.ofSeconds(30)).until(() -> Checkpoints.behind(mapping.uuid()) == entries.size());
            assertThat(delivered(function)).containsExactlyElementsOf(expected);

            // Removed with an empty FilterCriteria, as in AWS.
            var updated = lambda.updateEventSourceMapping(
                    b -> b.uuid(mapping.uuid()).filterCriteria(f -> f.filters(List.of())));
            assertThat(updated.filterCriteria()).isNull();

            assertThatThrownBy(() -> lambda.updateEventSourceMapping(b -> b.uuid(mapping.uuid())
                            .filterCriteria(f -> f.filters(pattern("{\"data\":{\"type\":\"buy\"}}")))))
                    .isInstanceOf(InvalidParameterValueException.class)
                    .hasMessageContaining("Invalid filter pattern definition");
            assertThatThrownBy(() -> lambda.updateEventSourceMapping(b -> b.uuid(mapping.uuid())
                            .filterCriteria(f -> f.filters(IntStream.range(0, 6)
                                    .mapToObj(i -> pattern("{\"partitionKey\":[\"k" + i + "\"]}"))
                                    .toList()))))
                    .isInstanceOf(InvalidParameterValueException.class)
                    .hasMessageContaining("limit of 5");
            lambda.deleteEventSourceMapping(b -> b.uuid(mapping.uuid()));
        }
    }

    private static PutRecordsRequestEntry entry(String key, String data) {
        return PutRecordsRequestEntry.builder()
                .partitionKey(key)
                .data(SdkBytes.fromUtf8String(data))
                .build();
    }

    private static Filter pattern(String pattern) {
        return Filter.builder().pattern(pattern).build();
    }

    private static List<String> delivered(HttpFunction function) {
        List<String> out = new ArrayList<>();
        for (HttpFunction.Invocation invocation : function.invocations()) {
            invocation
                    .event()
                    .get("Records")
                    .forEach(r -> out.add(new String(
                            Base64.getDecoder().decode(r.at("/kinesis/data").asText()), StandardCharsets.UTF_8)));
        }
        return out;
    }
}

package io.millrace.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.lambda.testkit.HttpFunction;
import io.millrace.lambda.testkit.LambdaGateway;
import io.millrace.testkit.EmbeddedKafka;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ScalingType;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.EventSourceMappingConfiguration;
import software.amazon.awssdk.services.lambda.model.EventSourcePosition;
import software.amazon.awssdk.services.lambda.model.PackageType;

/**
 * Event source mappings of Kinesis streams on a real gateway, through the SDK: every record of a resharded stream
 * delivered in shard order (parents before children), neither skipped nor repeated across a restart of the pollers;
 * a failing batch bisected down to its failing record, whose description goes to the on-failure stream.
 */
class KinesisMappingIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROLE = "arn:aws:iam::000000000000:role/lambda-role";
    private static final Duration DELIVERY = Duration.ofSeconds(90);

    @Test
    void reshardedStreamIsDeliveredInShardOrderAcrossARestart() throws Exception {
        LambdaGateway gateway = LambdaGateway.shared();
        KinesisClient kinesis = gateway.kinesis();
        LambdaClient lambda = gateway.lambda();
        String stream = "esm-order-" + UUID.randomUUID().toString().substring(0, 8);
        String streamArn = createStream(kinesis, stream, 2);
        try (HttpFunction function = new HttpFunction(event -> HttpFunction.Answer.ok("{}"))) {
            String name = createFunction(lambda, function, "order");
            Map<String, Integer> counters = new HashMap<>();
            List<String> sent = new ArrayList<>(put(kinesis, stream, counters, 200));
            kinesis.updateShardCount(
                    b -> b.streamName(stream).targetShardCount(4).scalingType(ScalingType.UNIFORM_SCALING));
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> kinesis.describeStreamSummary(b -> b.streamName(stream))
                                    .streamDescriptionSummary()
                                    .streamStatus()
                            == StreamStatus.ACTIVE);
            sent.addAll(put(kinesis, stream, counters, 200));
            // Mapped once the stream has closed parents and open children: the pollers meet both at once.
            var mapping = lambda.createEventSourceMapping(b -> b.functionName(name)
                    .eventSourceArn(streamArn)
                    .startingPosition(EventSourcePosition.TRIM_HORIZON)
                    .batchSize(25));
            assertThat(mapping.uuid()).isNotBlank();
            assertThat(mapping.batchSize()).isEqualTo(25);
            await().atMost(DELIVERY).until(() -> delivered(function).size() >= sent.size());
            assertShardOrder(function, streamArn);

            // A restart of the pollers resumes after the last settled batch.
            gateway.restartLambda();
            long before = System.currentTimeMillis();
            for (int i = 0; i < 60; i++) {
                sent.addAll(put(kinesis, stream, counters, 1));
            }
            await().atMost(DELIVERY).until(() -> delivered(function).size() >= sent.size());
            List<String> all = delivered(function);
            assertThat(all).hasSameSizeAs(sent).containsExactlyInAnyOrderElementsOf(sent);
            assertShardOrder(function, streamArn);
            reportLatency(function, before);

            var got = lambda.getEventSourceMapping(b -> b.uuid(mapping.uuid()));
            assertThat(got.state()).isEqualTo("Enabled");
            assertThat(got.lastProcessingResult()).isEqualTo("OK");
            assertThat(lambda.listEventSourceMappings(b -> b.functionName(name)).eventSourceMappings())
                    .extracting(EventSourceMappingConfiguration::uuid)
                    .containsExactly(mapping.uuid());
            // The checkpoints are the group's committed offsets, and they go with the mapping.
            try (Admin admin = Admin.create(
                    Map.of("bootstrap.servers", EmbeddedKafka.shared().bootstrapServers()))) {
                String group = "millrace-lambda-" + mapping.uuid();
                assertThat(checkpoints(admin, group))
                        .as("two parents, four children")
                        .hasSize(6);
                assertThat(lambda.deleteEventSourceMapping(b -> b.uuid(mapping.uuid()))
                                .state())
                        .isEqualTo("Deleting");
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> checkpoints(admin, group).isEmpty());
            }
        }
    }

    /** The group's committed offsets; none once it is deleted. */
    private static Map<?, ?> checkpoints(Admin admin, String group) throws Exception {
        try {
            return admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.GroupIdNotFoundException) {
                return Map.of();
            }
            throw e;
        }
    }

    @Test
    void failingBatchIsBisectedAndItsFailingRecordDescribedToTheOnFailureStream() throws Exception {
        LambdaGateway gateway = LambdaGateway.shared();
        KinesisClient kinesis = gateway.kinesis();
        LambdaClient lambda = gateway.lambda();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String stream = "esm-bisect-" + suffix;
        String streamArn = createStream(kinesis, stream, 1);
        String failures = "esm-failures-" + suffix;
        String failuresArn = createStream(kinesis, failures, 1);
        try (HttpFunction function = new HttpFunction(event -> data(event).contains("poison")
                ? new HttpFunction.Answer(500, "{\"errorMessage\":\"poisoned\"}")
                : HttpFunction.Answer.ok("{}"))) {
            String name = createFunction(lambda, function, "bisect");
            List<PutRecordsRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                String data = i == 17 ? "poison" : "good-" + i;
                entries.add(PutRecordsRequestEntry.builder()
                        .partitionKey("k")
                        .data(SdkBytes.fromUtf8String(data))
                        .build());
            }
            PutRecordsResponse put =
                    kinesis.putRecords(b -> b.streamName(stream).records(entries));
            assertThat(put.failedRecordCount()).isZero();
            String poisonSequence = put.records().get(17).sequenceNumber();

            lambda.createEventSourceMapping(b -> b.functionName(name)
                    .eventSourceArn(streamArn)
                    .startingPosition(EventSourcePosition.TRIM_HORIZON)
                    .batchSize(10)
                    .bisectBatchOnFunctionError(true)
                    .maximumRetryAttempts(1)
                    .destinationConfig(d -> d.onFailure(f -> f.destination(failuresArn))));

            JsonNode failure = await().atMost(DELIVERY).until(() -> readOne(kinesis, failures), f -> f != null);
            JsonNode info = failure.get("KinesisBatchInfo");
            assertThat(info.get("batchSize").asInt()).isEqualTo(1);
            assertThat(info.get("startSequenceNumber").asText()).isEqualTo(poisonSequence);
            assertThat(info.get("endSequenceNumber").asText()).isEqualTo(poisonSequence);
            assertThat(info.get("shardId").asText()).isEqualTo("shardId-000000000000");
            assertThat(info.get("streamArn").asText()).isEqualTo(streamArn);
            assertThat(failure.at("/requestContext/condition").asText()).isEqualTo("RetryAttemptsExhausted");
            assertThat(failure.at("/requestContext/approximateInvokeCount").asInt())
                    .isEqualTo(2);
            assertThat(failure.at("/responseContext/functionError").asText()).isEqualTo("Unhandled");

            // Every other record reached the function in a successful invocation, once, in order.
            List<String> succeeded = new ArrayList<>();
            await().atMost(DELIVERY).until(() -> {
                succeeded.clear();
                for (HttpFunction.Invocation invocation : function.invocations()) {
                    List<String> batch = dataOf(invocation.event());
                    if (!batch.contains("poison")) {
                        succeeded.addAll(batch);
                    }
                }
                return succeeded.size() >= 29;
            });
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                if (i != 17) {
                    expected.add("good-" + i);
                }
            }
            assertThat(succeeded).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void latestStartsAfterWhatTheStreamHeldAndDisablingPausesDelivery() throws Exception {
        LambdaGateway gateway = LambdaGateway.shared();
        KinesisClient kinesis = gateway.kinesis();
        LambdaClient lambda = gateway.lambda();
        String stream = "esm-latest-" + UUID.randomUUID().toString().substring(0, 8);
        String streamArn = createStream(kinesis, stream, 2);
        try (HttpFunction function = new HttpFunction(event -> HttpFunction.Answer.ok("{}"))) {
            String name = createFunction(lambda, function, "latest");
            Map<String, Integer> counters = new HashMap<>();
            List<String> before = put(kinesis, stream, counters, 20);
            var mapping = lambda.createEventSourceMapping(b -> b.functionName(name)
                    .eventSourceArn(streamArn)
                    .startingPosition(EventSourcePosition.LATEST)
                    .maximumBatchingWindowInSeconds(1));
            List<String> after = put(kinesis, stream, counters, 20);
            await().atMost(DELIVERY).until(() -> delivered(function).size() >= after.size());
            assertThat(delivered(function))
                    .containsExactlyInAnyOrderElementsOf(after)
                    .doesNotContainAnyElementsOf(before);

            lambda.updateEventSourceMapping(b -> b.uuid(mapping.uuid()).enabled(false));
            assertThat(lambda.getEventSourceMapping(b -> b.uuid(mapping.uuid())).state())
                    .isEqualTo("Disabled");
            List<String> whileDisabled = put(kinesis, stream, counters, 10);
            lambda.updateEventSourceMapping(b -> b.uuid(mapping.uuid()).enabled(true));
            List<String> expected = new ArrayList<>(after);
            expected.addAll(whileDisabled);
            await().atMost(DELIVERY).until(() -> delivered(function).size() >= expected.size());
            assertThat(delivered(function)).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    private static String createStream(KinesisClient kinesis, String stream, int shards) {
        kinesis.createStream(b -> b.streamName(stream).shardCount(shards));
        kinesis.waiter().waitUntilStreamExists(b -> b.streamName(stream));
        return kinesis.describeStreamSummary(b -> b.streamName(stream))
                .streamDescriptionSummary()
                .streamARN();
    }

    private static String createFunction(LambdaClient lambda, HttpFunction function, String prefix) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        lambda.createFunction(b -> b.functionName(name)
                .role(ROLE)
                .packageType(PackageType.IMAGE)
                .code(c -> c.imageUri(function.url()))
                .timeout(30));
        return name;
    }

    /** {@code count} records over 20 keys, each value {@code <key>:<n>} with n counting per key. */
    private static List<String> put(KinesisClient kinesis, String stream, Map<String, Integer> counters, int count) {
        List<String> values = new ArrayList<>();
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String key = "key-"
                    + ((counters.values().stream().mapToInt(Integer::intValue).sum() + i) % 20);
            int n = counters.merge(key, 1, Integer::sum);
            String value = key + ":" + n;
            values.add(value);
            entries.add(PutRecordsRequestEntry.builder()
                    .partitionKey(key)
                    .data(SdkBytes.fromUtf8String(value))
                    .build());
        }
        // counters were advanced while building; the key choice above only spreads the keys.
        for (int from = 0; from < entries.size(); from += 100) {
            List<PutRecordsRequestEntry> chunk = entries.subList(from, Math.min(entries.size(), from + 100));
            PutRecordsResponse response =
                    kinesis.putRecords(b -> b.streamName(stream).records(chunk));
            assertThat(response.failedRecordCount()).isZero();
        }
        return values;
    }

    private static List<String> delivered(HttpFunction function) {
        List<String> out = new ArrayList<>();
        function.invocations().forEach(i -> out.addAll(dataOf(i.event())));
        return out;
    }

    private static List<String> dataOf(JsonNode event) {
        List<String> out = new ArrayList<>();
        for (JsonNode record : event.get("Records")) {
            out.add(new String(
                    Base64.getDecoder().decode(record.at("/kinesis/data").asText()), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String data(JsonNode event) {
        return String.join(",", dataOf(event));
    }

    /**
     * Each key's values arrive in the order they were put (a key stays in one shard, then in its child), each
     * shard's sequence numbers grow from one invocation to the next, and every record has the AWS event shape.
     */
    private static void assertShardOrder(HttpFunction function, String streamArn) {
        Map<String, Integer> lastPerKey = new HashMap<>();
        Map<String, BigInteger> lastPerShard = new HashMap<>();
        for (HttpFunction.Invocation invocation : function.invocations()) {
            String shardOfBatch = null;
            for (JsonNode record : invocation.event().get("Records")) {
                String value = new String(
                        Base64.getDecoder().decode(record.at("/kinesis/data").asText()), StandardCharsets.UTF_8);
                String key = value.substring(0, value.indexOf(':'));
                int n = Integer.parseInt(value.substring(value.indexOf(':') + 1));
                assertThat(n).as("order of %s", key).isGreaterThan(lastPerKey.getOrDefault(key, 0));
                lastPerKey.put(key, n);

                String sequence = record.at("/kinesis/sequenceNumber").asText();
                String shard = record.get("eventID").asText().split(":")[0];
                assertThat(record.get("eventID").asText()).isEqualTo(shard + ":" + sequence);
                if (shardOfBatch == null) {
                    shardOfBatch = shard;
                }
                assertThat(shard).as("one shard per batch").isEqualTo(shardOfBatch);
                BigInteger number = new BigInteger(sequence);
                assertThat(number).isGreaterThan(lastPerShard.getOrDefault(shard, BigInteger.ZERO));
                lastPerShard.put(shard, number);
                assertThat(record.at("/kinesis/partitionKey").asText()).isEqualTo(key);
                assertThat(record.at("/kinesis/approximateArrivalTimestamp").isNumber())
                        .isTrue();
                assertThat(record.get("eventSource").asText()).isEqualTo("aws:kinesis");
                assertThat(record.get("eventName").asText()).isEqualTo("aws:kinesis:record");
                assertThat(record.get("eventSourceARN").asText()).isEqualTo(streamArn);
                assertThat(record.get("invokeIdentityArn").asText()).isEqualTo(ROLE);
            }
        }
    }

    /** Put-to-invoke latency of the records put after {@code sinceMillis}: printed, not asserted. */
    private static void reportLatency(HttpFunction function, long sinceMillis) {
        List<Long> latencies = new ArrayList<>();
        for (HttpFunction.Invocation invocation : function.invocations()) {
            for (JsonNode record : invocation.event().get("Records")) {
                long arrival = (long)
                        (record.at("/kinesis/approximateArrivalTimestamp").asDouble() * 1000);
                if (arrival >= sinceMillis) {
                    latencies.add(invocation.receivedMillis() - arrival);
                }
            }
        }
        latencies.sort(Long::compare);
        if (latencies.isEmpty()) {
            return;
        }
        System.out.printf(
                "LAMBDA_LATENCY put-to-invoke n=%d p50=%d ms p99=%d ms max=%d ms%n",
                latencies.size(),
                latencies.get(latencies.size() / 2),
                latencies.get(Math.min(latencies.size() - 1, (int) Math.ceil(latencies.size() * 0.99) - 1)),
                latencies.get(latencies.size() - 1));
    }

    /** The first record of a one-shard stream as JSON, or null while it has none. */
    private static JsonNode readOne(KinesisClient kinesis, String stream) throws Exception {
        String iterator = kinesis.getShardIterator(b -> b.streamName(stream)
                        .shardId("shardId-000000000000")
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        var records = kinesis.getRecords(b -> b.shardIterator(iterator)).records();
        return records.isEmpty() ? null : JSON.readTree(records.get(0).data().asUtf8String());
    }
}

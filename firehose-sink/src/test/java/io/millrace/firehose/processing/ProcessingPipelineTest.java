package io.millrace.firehose.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.firehose.config.LambdaSettings;
import io.millrace.firehose.config.UrlAllowlist;
import io.millrace.firehose.metrics.DeliveryMetrics;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/** The processors on their own: de-aggregation, the Lambda contract and its failures, AWS's order. */
class ProcessingPipelineTest {
    private static final String STREAM_ARN = "arn:aws:firehose:eu-west-1:123456789012:deliverystream/s";

    private static SinkRecord record(long offset, String key, byte[] value) {
        return new SinkRecord(
                "t",
                3,
                null,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                null,
                value,
                offset,
                1_700_000_000_000L + offset,
                TimestampType.CREATE_TIME);
    }

    private static SinkRecord record(long offset, String value) {
        return record(offset, "k", value.getBytes(StandardCharsets.UTF_8));
    }

    private static LambdaSettings lambda(String function, int retries, String sourceArn) {
        return new LambdaSettings(
                function,
                "arn:aws:lambda:eu-west-1:123456789012:function:wrap",
                retries,
                1024 * 1024,
                5_000,
                10,
                STREAM_ARN,
                "eu-west-1",
                sourceArn,
                null);
    }

    private static List<String> delivered(RecordOutcome outcome) {
        return outcome.delivered().stream()
                .map(d -> new String(d.data(), StandardCharsets.UTF_8))
                .toList();
    }

    @Test
    void lambdaResultsOkDroppedAndProcessingFailedOverRealHttp() throws Exception {
        try (TestFunctions.HttpFunction function = new TestFunctions.HttpFunction(n -> false);
                ProcessingPipeline pipeline =
                        new ProcessingPipeline(false, null, lambda(function.url(), 3, null), "\n")) {
            List<RecordOutcome> out =
                    pipeline.process(List.of(record(10, "apple"), record(11, "drop-me"), record(12, "fail-me")));

            assertThat(delivered(out.get(0))).containsExactly("T(apple)\n");
            assertThat(out.get(0).delivered().get(0).partitionKeys()).isEqualTo(Map.of("first", "a"));
            assertThat(out.get(1).isEmpty()).isTrue();
            assertThat(out.get(2).delivered()).isEmpty();
            RecordOutcome.Failed failed = out.get(2).failed().get(0);
            assertThat(failed.errorCode()).isEqualTo("Lambda.ProcessingFailedStatus");
            assertThat(failed.attemptsMade()).isEqualTo(1);
            assertThat(failed.lambdaArn()).isEqualTo("arn:aws:lambda:eu-west-1:123456789012:function:wrap");
            assertThat(new String(failed.rawData(), StandardCharsets.UTF_8)).isEqualTo("fail-me");

            // One invocation with AWS's event: ids, arrival times, base64 data; no Kinesis fields for this source.
            assertThat(function.invocations()).isEqualTo(1);
            JsonNode event = function.events().get(0);
            assertThat(event.get("invocationId").asText()).isNotBlank();
            assertThat(event.get("deliveryStreamArn").asText()).isEqualTo(STREAM_ARN);
            assertThat(event.get("region").asText()).isEqualTo("eu-west-1");
            assertThat(event.has("sourceKinesisStreamArn")).isFalse();
            assertThat(event.get("records")).hasSize(3);
            JsonNode first = event.get("records").get(0);
            assertThat(first.get("approximateArrivalTimestamp").asLong()).isEqualTo(1_700_000_000_010L);
            assertThat(Base64.getDecoder().decode(first.get("data").asText()))
                    .asString()
                    .isEqualTo("apple");
            assertThat(first.has("kinesisRecordMetadata")).isFalse();
        }
    }

    @Test
    void failedInvocationsAreRetriedThenEveryRecordOfTheBatchFails() throws Exception {
        try (TestFunctions.HttpFunction flaky = new TestFunctions.HttpFunction(n -> n <= 2);
                ProcessingPipeline pipeline = new ProcessingPipeline(false, null, lambda(flaky.url(), 2, null), null)) {
            assertThat(delivered(pipeline.process(List.of(record(0, "x"))).get(0)))
                    .containsExactly("T(x)");
            assertThat(flaky.invocations()).isEqualTo(3);
        }
        try (TestFunctions.HttpFunction broken = new TestFunctions.HttpFunction(n -> true);
                ProcessingPipeline pipeline =
                        new ProcessingPipeline(false, null, lambda(broken.url(), 1, null), null)) {
            List<RecordOutcome> out = pipeline.process(List.of(record(0, "x"), record(1, "y")));
            assertThat(broken.invocations()).isEqualTo(2);
            for (RecordOutcome o : out) {
                assertThat(o.delivered()).isEmpty();
                assertThat(o.failed()).singleElement().satisfies(f -> {
                    assertThat(f.errorCode()).isEqualTo("Lambda.FunctionError");
                    assertThat(f.errorMessage()).contains("HTTP 500");
                    assertThat(f.attemptsMade()).isEqualTo(2);
                });
            }
            assertThat(out.get(1).failed().get(0).rawData()).asString().isEqualTo("y");
        }
    }

    @Test
    void recordsTheResponseGetsWrongFailAloneWithAwsCodesAndAreNotRetried() {
        // Record "b" left out: it alone fails; a record for an id never sent is ignored.
        assertThat(answered(response -> {
                    records(response).remove(1);
                    records(response)
                            .addObject()
                            .put("recordId", "stray")
                            .put("result", "Ok")
                            .put("data", "eA==");
                }))
                .containsExactly("T(one)", "Lambda.MissingRecordId", "T(three)");
        assertThat(answered(response ->
                        records(response).addObject().put("recordId", "b").put("result", "Dropped")))
                .containsExactly("T(one)", "Lambda.DuplicatedRecordId", "T(three)");
        assertThat(answered(response -> ((ObjectNode) records(response).get(0)).put("result", "Maybe")))
                .containsExactly("Lambda.JsonProcessingException", "T(two)", "T(three)");
        assertThat(answered(response -> ((ObjectNode) records(response).get(2)).put("data", "%%%")))
                .containsExactly("T(one)", "T(two)", "Lambda.JsonProcessingException");
        // Not the contract's shape at all: the whole batch fails, without retries either.
        assertThat(answered(response -> response.remove("records"))).containsOnly("Lambda.JsonProcessingException");
    }

    private static ArrayNode records(ObjectNode response) {
        return (ArrayNode) response.get("records");
    }

    /**
     * What becomes of records "one", "two", "three" (ids a, b, c) when the function's response is altered by
     * {@code breakIt}: the delivered data or the error code. NumberOfRetries is 3, yet one invocation is made.
     */
    private static List<String> answered(java.util.function.Consumer<ObjectNode> breakIt) {
        int[] calls = {0};
        LambdaInvoker invoker = event -> {
            calls[0]++;
            ObjectNode response = TestFunctions.respond(event);
            breakIt.accept(response);
            return response;
        };
        List<String> out = new ArrayList<>();
        try (LambdaTransformer transformer =
                new LambdaTransformer(lambda("java:unused", 3, null), invoker, new DeliveryMetrics.Processing())) {
            List<LambdaTransformer.Result> results = transformer.transform(List.of(
                    new LambdaTransformer.Input("a", 1, "one".getBytes(StandardCharsets.UTF_8), null),
                    new LambdaTransformer.Input("b", 1, "two".getBytes(StandardCharsets.UTF_8), null),
                    new LambdaTransformer.Input("c", 1, "three".getBytes(StandardCharsets.UTF_8), null)));
            for (LambdaTransformer.Result r : results) {
                if (r instanceof LambdaTransformer.Result.Ok ok) {
                    out.add(new String(ok.data(), StandardCharsets.UTF_8));
                } else {
                    LambdaTransformer.Result.Failed f = (LambdaTransformer.Result.Failed) r;
                    assertThat(f.attemptsMade()).isEqualTo(1);
                    assertThat(f.errorMessage()).isNotBlank();
                    out.add(f.errorCode());
                }
            }
        }
        assertThat(calls[0]).isEqualTo(1);
        return out;
    }

    @Test
    void aJavaClassFunctionGetsTheSameContract() {
        try (ProcessingPipeline pipeline = new ProcessingPipeline(
                false, null, lambda("java:" + TestFunctions.WrapFunction.class.getName(), 0, null), null)) {
            List<RecordOutcome> out =
                    pipeline.process(List.of(record(0, "kiwi"), record(1, "drop"), record(2, "fail")));
            assertThat(delivered(out.get(0))).containsExactly("T(kiwi)");
            assertThat(out.get(1).isEmpty()).isTrue();
            assertThat(out.get(2).failed())
                    .singleElement()
                    .satisfies(f -> assertThat(f.errorCode()).isEqualTo("Lambda.ProcessingFailedStatus"));
        }
    }

    @Test
    void aFunctionUrlOffTheAllowlistIsNeverCalledAndItsRecordsFailAsAccessDenied() throws Exception {
        try (TestFunctions.HttpFunction function = new TestFunctions.HttpFunction(n -> false);
                ProcessingPipeline refused =
                        new ProcessingPipeline(false, null, allowing(function.url(), "fn.example.com"), "\n");
                ProcessingPipeline allowed = new ProcessingPipeline(
                        false,
                        null,
                        allowing(function.url(), URI.create(function.url()).getAuthority()),
                        "\n")) {
            List<RecordOutcome> out = refused.process(List.of(record(0, "apple")));
            assertThat(out.get(0).delivered()).isEmpty();
            assertThat(out.get(0).failed()).singleElement().satisfies(f -> {
                assertThat(f.errorCode()).isEqualTo("Lambda.InvokeAccessDenied");
                // Not retried: the list does not change between attempts.
                assertThat(f.attemptsMade()).isEqualTo(1);
            });
            assertThat(function.invocations()).isZero();

            assertThat(delivered(allowed.process(List.of(record(1, "apple"))).get(0)))
                    .containsExactly("T(apple)\n");
            assertThat(function.invocations()).isEqualTo(1);
        }
    }

    private static LambdaSettings allowing(String function, String allowlistEntry) {
        LambdaSettings any = lambda(function, 3, null);
        return new LambdaSettings(
                any.function(),
                any.lambdaArn(),
                any.numberOfRetries(),
                any.bufferSizeBytes(),
                any.timeoutMillis(),
                any.retryBackoffMillis(),
                any.deliveryStreamArn(),
                any.region(),
                any.sourceKinesisStreamArn(),
                UrlAllowlist.parse(List.of(allowlistEntry)));
    }

    @Test
    void batchesAreBoundedByBufferSize() throws Exception {
        try (TestFunctions.HttpFunction function = new TestFunctions.HttpFunction(n -> false);
                ProcessingPipeline pipeline = new ProcessingPipeline(
                        false,
                        null,
                        new LambdaSettings(
                                function.url(), "arn", 0, 250_000, 5_000, 10, STREAM_ARN, "eu-west-1", null, null),
                        null)) {
            List<SinkRecord> records = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                records.add(record(i, "k", ("v" + "x".repeat(100_000)).getBytes(StandardCharsets.UTF_8)));
            }
            List<RecordOutcome> out = pipeline.process(records);
            assertThat(out).allSatisfy(o -> assertThat(o.delivered()).hasSize(1));
            // 100 kB records, at most 250,000 bytes per invocation: two per batch.
            assertThat(function.invocations()).isEqualTo(5);
            assertThat(function.events())
                    .allSatisfy(e -> assertThat(e.get("records")).hasSize(2));
        }
    }

    @Test
    void kplAggregatesAreDeAggregatedBeforeTheFunctionWithKinesisMetadata() throws Exception {
        byte[] aggregate = KplAggregate.aggregate(
                List.of("pk-a", "pk-b"), List.of(bytes("one"), bytes("two"), bytes("three")), List.of(0, 1, 0));
        String source = "arn:aws:kinesis:eu-west-1:123456789012:stream/clicks";
        try (TestFunctions.HttpFunction function = new TestFunctions.HttpFunction(n -> false);
                ProcessingPipeline pipeline =
                        new ProcessingPipeline(true, null, lambda(function.url(), 0, source), "\n")) {
            List<RecordOutcome> out = pipeline.process(List.of(record(7, "outer", aggregate), record(8, "plain")));
            assertThat(delivered(out.get(0))).containsExactly("T(one)\n", "T(two)\n", "T(three)\n");
            assertThat(delivered(out.get(1))).containsExactly("T(plain)\n");
            JsonNode event = function.events().get(0);
            assertThat(event.get("sourceKinesisStreamArn").asText()).isEqualTo(source);
            JsonNode second = event.get("records").get(1).get("kinesisRecordMetadata");
            assertThat(second.get("shardId").asText()).isEqualTo("shardId-000000000003");
            assertThat(second.get("partitionKey").asText()).isEqualTo("pk-b");
            assertThat(second.get("subsequenceNumber").asText()).isEqualTo("1");
            assertThat(second.get("sequenceNumber").asText()).isEqualTo("7");
            assertThat(event.get("records")
                            .get(3)
                            .get("kinesisRecordMetadata")
                            .get("partitionKey")
                            .asText())
                    .isEqualTo("k");
        }
    }

    @Test
    void aCorruptAggregateIsDeliveredAsIs() {
        byte[] aggregate = KplAggregate.aggregate(List.of("pk"), List.of(bytes("one")), List.of(0));
        aggregate[aggregate.length - 1] ^= 1;
        try (ProcessingPipeline pipeline = new ProcessingPipeline(true, null, null, null)) {
            assertThat(pipeline.process(List.of(record(0, "k", aggregate)))
                            .get(0)
                            .delivered()
                            .get(0)
                            .data())
                    .isEqualTo(aggregate);
        }
    }

    @Test
    void recordDeAggregationJsonThenAppendDelimiter() {
        SubRecordSplitter json = new SubRecordSplitter(SubRecordSplitter.SubRecordType.JSON, null);
        try (ProcessingPipeline pipeline = new ProcessingPipeline(false, json, null, "\n")) {
            List<RecordOutcome> out = pipeline.process(List.of(
                    record(0, "{\"a\":1}{\"a\":{\"b\":[2,3]}}"),
                    record(1, "{\"a\":1}\n{\"a\":2}\n"),
                    record(2, "[{\"a\":1},{\"a\":2}]"),
                    record(3, "{\"a\":1}{\"a\":")));
            assertThat(delivered(out.get(0))).containsExactly("{\"a\":1}\n", "{\"a\":{\"b\":[2,3]}}\n");
            assertThat(delivered(out.get(1))).containsExactly("{\"a\":1}\n", "{\"a\":2}\n");
            // An array of objects is not AWS's input format; a truncated object is not JSON: both go to errors.
            assertThat(out.get(2).failed()).singleElement().satisfies(f -> {
                assertThat(f.errorCode()).isEqualTo(SubRecordSplitter.INVALID_JSON);
                assertThat(f.rawData()).asString().isEqualTo("[{\"a\":1},{\"a\":2}]");
            });
            assertThat(out.get(3).delivered()).isEmpty();
            assertThat(out.get(3).failed())
                    .singleElement()
                    .satisfies(f -> assertThat(f.errorCode()).isEqualTo(SubRecordSplitter.INVALID_JSON));
        }
    }

    @Test
    void recordDeAggregationDelimitedAndItsCap() {
        SubRecordSplitter delimited = new SubRecordSplitter(
                SubRecordSplitter.SubRecordType.DELIMITED, Base64.getDecoder().decode("IyMjIw=="));
        try (ProcessingPipeline pipeline = new ProcessingPipeline(false, delimited, null, "\n")) {
            List<RecordOutcome> out = pipeline.process(
                    List.of(record(0, "a####bb####c####"), record(1, "x#y".repeat(1) + "####".repeat(500) + "z")));
            assertThat(delivered(out.get(0))).containsExactly("a\n", "bb\n", "c\n");
            assertThat(out.get(1).failed())
                    .singleElement()
                    .satisfies(f -> assertThat(f.errorCode()).isEqualTo(SubRecordSplitter.TOO_MANY_SUB_RECORDS));
        }
    }

    @Test
    void kplThenJsonDeAggregationThenFunction() {
        byte[] aggregate = KplAggregate.aggregate(
                List.of("pk"), List.of(bytes("{\"n\":1}{\"n\":2}"), bytes("{\"n\":3}")), List.of(0, 0));
        SubRecordSplitter json = new SubRecordSplitter(SubRecordSplitter.SubRecordType.JSON, null);
        try (ProcessingPipeline pipeline = new ProcessingPipeline(
                true, json, lambda("java:" + TestFunctions.WrapFunction.class.getName(), 0, null), "|")) {
            assertThat(delivered(
                            pipeline.process(List.of(record(0, "k", aggregate))).get(0)))
                    .containsExactly("T({\"n\":1})|", "T({\"n\":2})|", "T({\"n\":3})|");
        }
    }

    @Test
    void nullValuesStillFailAsBefore() {
        try (ProcessingPipeline pipeline = new ProcessingPipeline(false, null, null, null)) {
            assertThat(pipeline.process(List.of(record(0, "k", null))).get(0).failed())
                    .singleElement()
                    .satisfies(f -> assertThat(f.errorCode()).isEqualTo(RecordProcessor.NULL_VALUE));
        }
    }

    @Test
    void withoutProcessorsEachRecordIsDeliveredAsTheGeneralPathDeliversIt() {
        List<SinkRecord> batch = List.of(
                record(0, "first"),
                record(1, "k", null),
                new SinkRecord("t", 3, null, null, null, 42, 2),
                record(3, null, bytes("no key")),
                record(4, "k", new byte[0]));
        // KPL de-aggregation over records that are not aggregates changes nothing, but takes the general path.
        try (ProcessingPipeline plain = new ProcessingPipeline(false, null, null, "\n");
                ProcessingPipeline general = new ProcessingPipeline(true, null, null, "\n")) {
            List<RecordOutcome> fast = plain.process(batch);
            List<RecordOutcome> slow = general.process(batch);
            assertThat(fast).hasSize(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                assertThat(delivered(fast.get(i))).isEqualTo(delivered(slow.get(i)));
                assertThat(fast.get(i).failed())
                        .extracting(RecordOutcome.Failed::errorCode, RecordOutcome.Failed::errorMessage)
                        .isEqualTo(slow.get(i).failed().stream()
                                .map(f -> tuple(f.errorCode(), f.errorMessage()))
                                .toList());
            }
            assertThat(delivered(fast.get(0))).containsExactly("first\n");
            assertThat(fast.get(1).failed())
                    .singleElement()
                    .satisfies(f -> assertThat(f.errorCode()).isEqualTo(RecordProcessor.NULL_VALUE));
            assertThat(fast.get(2).failed())
                    .singleElement()
                    .satisfies(f -> assertThat(f.errorCode()).isEqualTo(RecordProcessor.UNSUPPORTED_VALUE));
            assertThat(delivered(fast.get(3))).containsExactly("no key\n");
            assertThat(delivered(fast.get(4))).containsExactly("\n");
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

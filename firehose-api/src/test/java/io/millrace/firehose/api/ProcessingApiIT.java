package io.millrace.firehose.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.millrace.firehose.it.TestStack;
import io.millrace.firehose.processing.TestFunctions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.InvalidArgumentException;
import software.amazon.awssdk.services.firehose.model.ProcessingConfiguration;
import software.amazon.awssdk.services.firehose.model.Processor;
import software.amazon.awssdk.services.firehose.model.ProcessorParameter;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.Record;

/** ProcessingConfiguration as a user sets it with the SDK's FirehoseClient, through to objects in S3. */
class ProcessingApiIT {
    private final TestStack stack = TestStack.get();
    private final FirehoseClient client = FirehoseTestGateway.shared().client();

    private static ProcessorParameter param(String name, String value) {
        return ProcessorParameter.builder()
                .parameterName(name)
                .parameterValue(value)
                .build();
    }

    @Test
    void createWithLambdaAndDeAggregationThenPutRecordBatch() throws Exception {
        String stream = TestStack.unique("processed");
        String bucket = TestStack.unique("processed");
        stack.createBucket(bucket);
        try (TestFunctions.HttpFunction function = new TestFunctions.HttpFunction(n -> false)) {
            ProcessingConfiguration processing = ProcessingConfiguration.builder()
                    .enabled(true)
                    .processors(
                            Processor.builder().type("AppendDelimiterToRecord").build(),
                            Processor.builder()
                                    .type("Lambda")
                                    .parameters(
                                            param("LambdaArn", function.url()),
                                            param("NumberOfRetries", "1"),
                                            param("BufferSizeInMBs", "0.5"))
                                    .build(),
                            Processor.builder()
                                    .type("RecordDeAggregation")
                                    .parameters(param("SubRecordType", "DELIMITED"), param("Delimiter", "IyMjIw=="))
                                    .build())
                    .build();
            client.createDeliveryStream(Streams.directPut(stream, bucket)
                    .extendedS3DestinationConfiguration(d -> d.roleARN(Streams.ROLE)
                            .bucketARN("arn:aws:s3:::" + bucket)
                            .prefix("out/")
                            .errorOutputPrefix("")
                            .bufferingHints(h -> h.sizeInMBs(1).intervalInSeconds(1))
                            .processingConfiguration(processing))
                    .build());
            Streams.awaitActive(client, stream);
            assertThat(Streams.describe(client, stream)
                            .destinations()
                            .get(0)
                            .extendedS3DestinationDescription()
                            .processingConfiguration()
                            .processors())
                    .hasSize(3);

            List<Record> records = List.of(
                    record("alpha####drop-this####beta".getBytes(StandardCharsets.UTF_8)),
                    record("fail-this".getBytes(StandardCharsets.UTF_8)),
                    record("gamma".getBytes(StandardCharsets.UTF_8)));
            PutRecordBatchResponse response =
                    client.putRecordBatch(r -> r.deliveryStreamName(stream).records(records));
            assertThat(response.failedPutCount()).isZero();

            // AWS's order whatever the list's: de-aggregation, the function, then the delimiter per sub-record.
            await().ignoreExceptions()
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> text(bucket, "out/2").equals("T(alpha)\nT(beta)\nT(gamma)\n")
                            && !stack.keys(bucket, "out/processing-failed/").isEmpty());
            String error = text(bucket, "out/processing-failed/");
            assertThat(error)
                    .contains("\"errorCode\":\"Lambda.ProcessingFailedStatus\"")
                    .contains("\"lambdaArn\":\"" + function.url() + "\"");
            assertThat(function.events().get(0).get("deliveryStreamArn").asText())
                    .endsWith(":deliverystream/" + stream);
        } finally {
            client.deleteDeliveryStream(r -> r.deliveryStreamName(stream));
        }
    }

    @Test
    void unknownFunctionArnsAndBadParametersAreRefused() {
        String stream = TestStack.unique("refused");
        assertThatThrownBy(() -> client.createDeliveryStream(Streams.directPut(stream, "b")
                        .extendedS3DestinationConfiguration(d -> d.roleARN(Streams.ROLE)
                                .bucketARN("arn:aws:s3:::b")
                                .processingConfiguration(p -> p.enabled(true)
                                        .processors(Processor.builder()
                                                .type("Lambda")
                                                .parameters(param(
                                                        "LambdaArn",
                                                        "arn:aws:lambda:us-east-1:123456789012:function:nowhere"))
                                                .build())))
                        .build()))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("arn:aws:lambda:us-east-1:123456789012:function:nowhere");
        assertThatThrownBy(() -> client.createDeliveryStream(Streams.directPut(stream, "b")
                        .extendedS3DestinationConfiguration(d -> d.roleARN(Streams.ROLE)
                                .bucketARN("arn:aws:s3:::b")
                                .processingConfiguration(p -> p.enabled(true)
                                        .processors(Processor.builder()
                                                .type("Lambda")
                                                .parameters(
                                                        param("LambdaArn", "java:a.B"),
                                                        param("NumberOfRetries", "1000"))
                                                .build())))
                        .build()))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("NumberOfRetries");
    }

    private static Record record(byte[] data) {
        return Record.builder().data(SdkBytes.fromByteArray(data)).build();
    }

    private String text(String bucket, String prefix) {
        StringBuilder b = new StringBuilder();
        stack.keys(bucket, prefix).forEach(k -> b.append(new String(stack.get(bucket, k), StandardCharsets.UTF_8)));
        return b.toString();
    }
}

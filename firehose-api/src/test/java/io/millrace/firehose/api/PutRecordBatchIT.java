package io.millrace.firehose.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.millrace.firehose.it.TestStack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.FirehoseException;
import software.amazon.awssdk.services.firehose.model.InvalidArgumentException;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponseEntry;
import software.amazon.awssdk.services.firehose.model.Record;
import software.amazon.awssdk.services.firehose.model.ResourceNotFoundException;

/** PutRecord and PutRecordBatch through the SDK: AWS's limits, and records delivered to S3 by the connector. */
class PutRecordBatchIT {

    private static TestStack stack;
    private static FirehoseClient client;
    private static String stream;
    private static String bucket;

    @BeforeAll
    static void start() {
        stack = TestStack.get();
        client = FirehoseTestGateway.shared().client();
        stream = TestStack.unique("puts");
        bucket = TestStack.unique("puts-bucket");
        stack.createBucket(bucket);
        client.createDeliveryStream(Streams.directPut(stream, bucket).build());
        Streams.awaitActive(client, stream);
    }

    @Test
    void recordsPutInABatchAreDeliveredToS3InOrder() {
        // Its own stream and bucket: the other tests put records the content check below must not see.
        String stream = TestStack.unique("delivered");
        String bucket = TestStack.unique("delivered-bucket");
        stack.createBucket(bucket);
        client.createDeliveryStream(Streams.directPut(stream, bucket).build());
        Streams.awaitActive(client, stream);
        List<Record> records = IntStream.range(0, 20)
                .mapToObj(i -> Record.builder()
                        .data(SdkBytes.fromUtf8String("record-" + i + "\n"))
                        .build())
                .toList();
        PutRecordBatchResponse response =
                client.putRecordBatch(r -> r.deliveryStreamName(stream).records(records));
        assertThat(response.failedPutCount()).isZero();
        assertThat(response.requestResponses())
                .hasSize(20)
                .allSatisfy(e -> assertThat(e.errorCode()).isNull())
                .extracting(PutRecordBatchResponseEntry::recordId)
                .doesNotContainNull();
        assertThat(new HashSet<>(response.requestResponses().stream()
                        .map(PutRecordBatchResponseEntry::recordId)
                        .toList()))
                .hasSize(20);
        String single = client.putRecord(
                        r -> r.deliveryStreamName(stream).record(x -> x.data(SdkBytes.fromUtf8String("single\n"))))
                .recordId();
        assertThat(single).isNotEmpty();

        StringBuilder expected = new StringBuilder();
        IntStream.range(0, 20).forEach(i -> expected.append("record-").append(i).append('\n'));
        expected.append("single\n");
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    List<byte[]> objects = new ArrayList<>();
                    for (String key : stack.keys(bucket, "20")) {
                        assertThat(key).matches("\\d{4}/\\d{2}/\\d{2}/\\d{2}/" + stream + "-1-.+");
                        objects.add(stack.get(bucket, key));
                    }
                    assertThat(new String(TestStack.concat(objects), StandardCharsets.UTF_8))
                            .isEqualTo(expected.toString());
                });
    }

    @Test
    void aBatchOfMoreThan500RecordsIsRefused() {
        List<Record> records = Collections.nCopies(
                501, Record.builder().data(SdkBytes.fromUtf8String("x")).build());
        assertThatThrownBy(() ->
                        client.putRecordBatch(r -> r.deliveryStreamName(stream).records(records)))
                .isInstanceOfSatisfying(FirehoseException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.getMessage()).contains("records").contains("less than or equal to 500");
                });
    }

    @Test
    void aRecordOver1000KiBIsRefused() {
        byte[] big = new byte[1_024_001];
        assertThatThrownBy(() -> client.putRecordBatch(r -> r.deliveryStreamName(stream)
                        .records(Record.builder()
                                .data(SdkBytes.fromByteArray(big))
                                .build())))
                .isInstanceOfSatisfying(FirehoseException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.getMessage()).contains("records.1.member.data");
                });
        assertThatThrownBy(() -> client.putRecord(
                        r -> r.deliveryStreamName(stream).record(x -> x.data(SdkBytes.fromByteArray(big)))))
                .isInstanceOfSatisfying(
                        FirehoseException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
        // Exactly 1,000 KiB is accepted.
        assertThat(client.putRecord(r -> r.deliveryStreamName(stream)
                                .record(x -> x.data(SdkBytes.fromByteArray(new byte[1_024_000]))))
                        .recordId())
                .isNotEmpty();
    }

    @Test
    void aBatchOver4MiBIsRefused() {
        Record record = Record.builder()
                .data(SdkBytes.fromByteArray(new byte[1_000_000]))
                .build();
        assertThatThrownBy(() -> client.putRecordBatch(
                        r -> r.deliveryStreamName(stream).records(Collections.nCopies(5, record))))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("4 MiB");
    }

    @Test
    void unknownStreamsAndMissingDataAreRefused() {
        assertThatThrownBy(() -> client.putRecordBatch(r -> r.deliveryStreamName("no-such-stream")
                        .records(Record.builder()
                                .data(SdkBytes.fromUtf8String("x"))
                                .build())))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() ->
                        client.putRecordBatch(r -> r.deliveryStreamName(stream).records(List.of())))
                .isInstanceOfSatisfying(
                        FirehoseException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
    }
}

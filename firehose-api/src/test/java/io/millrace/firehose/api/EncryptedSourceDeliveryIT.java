package io.millrace.firehose.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.millrace.firehose.it.TestStack;
import io.millrace.kinesis.model.sse.RecordEnvelope;
import io.millrace.testkit.LocalClients;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamFailureType;
import software.amazon.awssdk.services.firehose.model.FailureDescription;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.EncryptionType;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * A delivery stream reading a Kinesis stream encrypted with StartStreamEncryption (KMS): S3 receives the data as it
 * was put, records written before encryption started included; while the stream's key is disabled nothing is
 * delivered and DescribeDeliveryStream says why with AWS's failure type, and once it is enabled again every record
 * arrives exactly once.
 */
class EncryptedSourceDeliveryIT {

    private static TestStack stack;
    private static KmsClient kms;
    private static FirehoseClient firehose;
    private static KinesisClient kinesis;

    @BeforeAll
    static void start() throws Exception {
        stack = TestStack.get();
        KmsTestGateway gateway = KmsTestGateway.shared();
        kms = gateway.kms();
        firehose = gateway.firehose().client();
        kinesis = LocalClients.pointedAt(
                        KinesisClient.builder(), gateway.firehose().endpoint(), Duration.ofSeconds(30))
                .build();
    }

    @AfterAll
    static void stop() {
        if (kinesis != null) {
            kinesis.close();
        }
    }

    @Test
    void encryptedRecordsReachS3AsPutAndWaitWhileTheKeyIsDisabled() {
        String stream = TestStack.unique("sealed-clicks");
        kinesis.createStream(r -> r.streamName(stream).shardCount(2));
        awaitStreamActive(stream);
        List<String> expected = new ArrayList<>(put(stream, "before-encryption", 5));
        String keyId = kms.createKey(r -> r.description("clicks")).keyMetadata().keyId();
        kinesis.startStreamEncryption(
                r -> r.streamName(stream).encryptionType(EncryptionType.KMS).keyId(keyId));
        awaitStreamActive(stream);
        expected.addAll(put(stream, "sealed-secret", 20));
        List<ConsumerRecord<byte[], byte[]>> raw = RawTopic.read(stream, 2);
        assertThat(raw).hasSize(25);
        assertThat(raw.stream().filter(r -> r.headers().lastHeader(RecordEnvelope.HEADER) != null))
                .hasSize(20)
                .allSatisfy(r -> assertThat(new String(r.value(), StandardCharsets.ISO_8859_1))
                        .doesNotContain("sealed-secret"));

        // The key is off before the delivery stream reads a record: it cannot open the encrypted ones.
        kms.disableKey(r -> r.keyId(keyId));
        String name = TestStack.unique("sealed-clicks-to-s3");
        String bucket = TestStack.unique("sealed-clicks-bucket");
        stack.createBucket(bucket);
        String streamArn = kinesis.describeStreamSummary(r -> r.streamName(stream))
                .streamDescriptionSummary()
                .streamARN();
        firehose.createDeliveryStream(
                Streams.fromKinesis(name, bucket, streamArn).build());
        Streams.awaitActive(firehose, name);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> Streams.describe(firehose, name).failureDescription() != null);
        FailureDescription failure = Streams.describe(firehose, name).failureDescription();
        assertThat(failure.type()).isEqualTo(DeliveryStreamFailureType.DISABLED_KMS_KEY);
        assertThat(failure.details()).contains(keyId);
        assertThat(stack.keys(bucket, "20")).isEmpty();

        kms.enableKey(r -> r.keyId(keyId));
        expected.addAll(put(stream, "sealed-after-enable", 10));
        BucketLines.awaitExactlyOnce(bucket, expected);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Streams.describe(firehose, name).failureDescription() == null);
    }

    private static List<String> put(String stream, String prefix, int count) {
        List<String> lines = new ArrayList<>();
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String line = prefix + "-" + i;
            lines.add(line);
            entries.add(PutRecordsRequestEntry.builder()
                    .partitionKey("user-" + i)
                    .data(SdkBytes.fromUtf8String(line + "\n"))
                    .build());
        }
        assertThat(kinesis.putRecords(r -> r.streamName(stream).records(entries))
                        .failedRecordCount())
                .isZero();
        return lines;
    }

    private static void awaitStreamActive(String stream) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> kinesis.describeStreamSummary(r -> r.streamName(stream))
                                .streamDescriptionSummary()
                                .streamStatus()
                        == StreamStatus.ACTIVE);
    }
}

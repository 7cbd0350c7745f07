package io.millrace.firehose.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.millrace.firehose.encryption.RecordCipher;
import io.millrace.firehose.it.TestStack;
import io.millrace.schemas.firehose.DeliveryStreamEncryption;
import io.millrace.schemas.firehose.DeliveryStreamMetadata;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamEncryptionConfiguration;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamEncryptionStatus;
import software.amazon.awssdk.services.firehose.model.FirehoseException;
import software.amazon.awssdk.services.firehose.model.InvalidArgumentException;
import software.amazon.awssdk.services.firehose.model.InvalidKmsResourceException;
import software.amazon.awssdk.services.firehose.model.KeyType;
import software.amazon.awssdk.services.firehose.model.LimitExceededException;
import software.amazon.awssdk.services.firehose.model.Record;
import software.amazon.awssdk.services.firehose.model.ResourceNotFoundException;

/**
 * Start/StopDeliveryStreamEncryption and DeliveryStreamEncryptionConfigurationInput through the SDK: records at
 * rest in the DirectPut topic are ciphertext while encryption is on, and every record reaches S3 as it was put.
 */
class DeliveryStreamEncryptionIT {

    private static TestStack stack;
    private static FirehoseClient client;

    @BeforeAll
    static void start() {
        stack = TestStack.get();
        client = FirehoseTestGateway.shared().client();
    }

    @Test
    void recordsPutWhileEnabledAreEncryptedInKafkaAndDeliveredInTheClear() {
        String name = TestStack.unique("sse");
        String bucket = TestStack.unique("sse-bucket");
        stack.createBucket(bucket);
        client.createDeliveryStream(Streams.directPut(name, bucket).build());
        assertThat(Streams.awaitActive(client, name)
                        .deliveryStreamEncryptionConfiguration()
                        .status())
                .isEqualTo(DeliveryStreamEncryptionStatus.DISABLED);
        assertThat(put(name, "before-1\n")).isFalse();

        client.startDeliveryStreamEncryption(r -> r.deliveryStreamName(name)
                .deliveryStreamEncryptionConfigurationInput(e -> e.keyType(KeyType.AWS_OWNED_CMK)));
        assertThat(encryption(name).status())
                .isIn(DeliveryStreamEncryptionStatus.ENABLING, DeliveryStreamEncryptionStatus.ENABLED);
        DeliveryStreamEncryptionConfiguration enabled = awaitEncryption(name, DeliveryStreamEncryptionStatus.ENABLED);
        assertThat(enabled.keyType()).isEqualTo(KeyType.AWS_OWNED_CMK);
        assertThat(enabled.keyARN()).isNull();
        assertThat(put(name, "secret-2\n")).isTrue();
        assertThat(client.putRecordBatch(r -> r.deliveryStreamName(name)
                                .records(Record.builder()
                                        .data(SdkBytes.fromUtf8String("secret-3\n"))
                                        .build()))
                        .encrypted())
                .isTrue();

        client.stopDeliveryStreamEncryption(r -> r.deliveryStreamName(name));
        awaitEncryption(name, DeliveryStreamEncryptionStatus.DISABLED);
        assertThat(put(name, "after-4\n")).isFalse();

        // At rest: plaintext before Start and after Stop, ciphertext with the key header in between.
        List<ConsumerRecord<byte[], byte[]>> raw = RawTopic.read("firehose-" + name, 1);
        assertThat(raw).hasSize(4);
        assertThat(text(raw.get(0).value())).isEqualTo("before-1\n");
        for (ConsumerRecord<byte[], byte[]> encrypted : raw.subList(1, 3)) {
            assertThat(encrypted.headers().lastHeader(RecordCipher.HEADER)).isNotNull();
            assertThat(text(encrypted.value())).doesNotContain("secret");
        }
        assertThat(raw.get(1).value()).isNotEqualTo(raw.get(2).value());
        assertThat(raw.get(3).headers().lastHeader(RecordCipher.HEADER)).isNull();
        assertThat(text(raw.get(3).value())).isEqualTo("after-4\n");

        awaitDelivered(bucket, name, "before-1\nsecret-2\nsecret-3\nafter-4\n");
    }

    @Test
    void aStreamCreatedWithEncryptionEncryptsFromItsFirstRecord() {
        String name = TestStack.unique("sse-create");
        String bucket = TestStack.unique("sse-create-bucket");
        stack.createBucket(bucket);
        client.createDeliveryStream(Streams.directPut(name, bucket)
                .deliveryStreamEncryptionConfigurationInput(e -> e.keyType(KeyType.AWS_OWNED_CMK))
                .build());
        assertThat(Streams.awaitActive(client, name)
                        .deliveryStreamEncryptionConfiguration()
                        .status())
                .isEqualTo(DeliveryStreamEncryptionStatus.ENABLED);
        assertThat(put(name, "first\n")).isTrue();
        // A second Start makes a new data key; records under both keys are delivered.
        client.startDeliveryStreamEncryption(r -> r.deliveryStreamName(name));
        awaitEncryption(name, DeliveryStreamEncryptionStatus.ENABLED);
        assertThat(put(name, "second\n")).isTrue();

        List<ConsumerRecord<byte[], byte[]>> raw = RawTopic.read("firehose-" + name, 1);
        assertThat(raw)
                .extracting(r -> r.headers().lastHeader(RecordCipher.HEADER).value()[4])
                .containsExactly((byte) 1, (byte) 2);
        awaitDelivered(bucket, name, "first\nsecond\n");
    }

    @Test
    void keysAndSourcesAwsRefuses() {
        String name = TestStack.unique("sse-errors");
        String bucket = TestStack.unique("sse-errors-bucket");
        stack.createBucket(bucket);
        String kmsKey = "arn:aws:kms:us-east-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        assertThatThrownBy(() -> client.createDeliveryStream(Streams.directPut(name, bucket)
                        .deliveryStreamEncryptionConfigurationInput(
                                e -> e.keyType(KeyType.CUSTOMER_MANAGED_CMK).keyARN(kmsKey))
                        .build()))
                .isInstanceOf(InvalidKmsResourceException.class)
                .hasMessageContaining(kmsKey);
        assertThatThrownBy(() -> client.createDeliveryStream(Streams.directPut(name, bucket)
                        .deliveryStreamEncryptionConfigurationInput(e -> e.keyType(KeyType.CUSTOMER_MANAGED_CMK))
                        .build()))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("KeyARN is required");
        assertThatThrownBy(() -> client.createDeliveryStream(Streams.directPut(name, bucket)
                        .deliveryStreamEncryptionConfigurationInput(
                                e -> e.keyType(KeyType.AWS_OWNED_CMK).keyARN(kmsKey))
                        .build()))
                .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> client.createDeliveryStream(Streams.directPut(name, bucket)
                        .deliveryStreamEncryptionConfigurationInput(e -> e.keyType("PLAIN_TEXT"))
                        .build()))
                .isInstanceOfSatisfying(FirehoseException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.getMessage()).contains("deliveryStreamEncryptionConfigurationInput.keyType");
                });
        assertThatThrownBy(() -> client.startDeliveryStreamEncryption(r -> r.deliveryStreamName("no-such-stream")))
                .isInstanceOf(ResourceNotFoundException.class);

        client.createDeliveryStream(Streams.directPut(name, bucket).build());
        Streams.awaitActive(client, name);
        assertThatThrownBy(() -> client.startDeliveryStreamEncryption(r -> r.deliveryStreamName(name)
                        .deliveryStreamEncryptionConfigurationInput(
                                e -> e.keyType(KeyType.CUSTOMER_MANAGED_CMK).keyARN(kmsKey))))
                .isInstanceOf(InvalidKmsResourceException.class);
        assertThat(encryption(name).status()).isEqualTo(DeliveryStreamEncryptionStatus.DISABLED);
    }

    @Test
    void onlyDirectPutStreamsCanBeEncrypted() throws Exception {
        String topic = TestStack.unique("sse-kinesis");
        String name = TestStack.unique("sse-from-kinesis");
        String bucket = TestStack.unique("sse-kinesis-bucket");
        stack.createBucket(bucket);
        stack.createTopic(topic, 1);
        var request = Streams.directPut(name, bucket)
                .deliveryStreamType("KinesisStreamAsSource")
                .kinesisStreamSourceConfiguration(k -> k.roleARN(Streams.ROLE)
                        .kinesisStreamARN("arn:aws:kinesis:us-east-1:000000000000:stream/" + topic));
        assertThatThrownBy(() -> client.createDeliveryStream(request.copy()
                        .deliveryStreamEncryptionConfigurationInput(e -> e.keyType(KeyType.AWS_OWNED_CMK))
                        .build()))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("KinesisStreamAsSource");
        client.createDeliveryStream(request.build());
        Streams.awaitActive(client, name);
        assertThatThrownBy(() -> client.startDeliveryStreamEncryption(r -> r.deliveryStreamName(name)))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("KinesisStreamAsSource");
        assertThatThrownBy(() -> client.stopDeliveryStreamEncryption(r -> r.deliveryStreamName(name)))
                .isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void aKeyConnectDoesNotTakeLeavesEnablingFailedAndRecordsInTheClear() {
        String name = TestStack.unique("sse-failed");
        String bucket = TestStack.unique("sse-failed-bucket");
        stack.createBucket(bucket);
        client.createDeliveryStream(Streams.directPut(name, bucket).build());
        Streams.awaitActive(client, name);
        // A gateway whose Connect cluster is unreachable cannot hand the connector the new key.
        try (FirehoseTestGateway cutOff =
                FirehoseTestGateway.start(java.util.Map.of(FirehoseConfig.CONNECT_URL, "http://127.0.0.1:9"))) {
            cutOff.client().startDeliveryStreamEncryption(r -> r.deliveryStreamName(name));
            DeliveryStreamEncryptionConfiguration failed =
                    awaitEncryption(name, DeliveryStreamEncryptionStatus.ENABLING_FAILED);
            assertThat(failed.failureDescription().details()).isNotBlank();
        }
        assertThat(put(name, "clear\n")).isFalse();
        assertThat(text(RawTopic.read("firehose-" + name, 1).get(0).value())).isEqualTo("clear\n");

        // Start again where Connect is reachable.
        client.startDeliveryStreamEncryption(r -> r.deliveryStreamName(name));
        assertThat(awaitEncryption(name, DeliveryStreamEncryptionStatus.ENABLED).failureDescription())
                .isNull();
        assertThat(put(name, "sealed\n")).isTrue();
        awaitDelivered(bucket, name, "clear\nsealed\n");
    }

    @Test
    void atMost25StartsAndStopsIn24Hours() throws Exception {
        String name = TestStack.unique("sse-limit");
        String bucket = TestStack.unique("sse-limit-bucket");
        stack.createBucket(bucket);
        client.createDeliveryStream(Streams.directPut(name, bucket).build());
        Streams.awaitActive(client, name);
        long now = System.currentTimeMillis();
        List<Long> calls = new ArrayList<>(
                Collections.nCopies(10, now - Duration.ofHours(25).toMillis()));
        calls.addAll(Collections.nCopies(24, now - Duration.ofHours(1).toMillis()));
        try (MetadataTopic metadata = new MetadataTopic()) {
            // 24 calls in the last day (and 10 older ones, which no longer count), as if made earlier.
            DeliveryStreamMetadata current = metadata.current(name);
            metadata.write(DeliveryStreamMetadata.newBuilder(current)
                    .setVersion(current.getVersion() + 1)
                    .setEncryption(DeliveryStreamEncryption.newBuilder()
                            .setKeyType("AWS_OWNED_CMK")
                            .setStatus("DISABLED")
                            .setToggledAtMillis(calls)
                            .build())
                    .build());
        }
        client.stopDeliveryStreamEncryption(r -> r.deliveryStreamName(name));
        awaitEncryption(name, DeliveryStreamEncryptionStatus.DISABLED);
        assertThatThrownBy(() -> client.startDeliveryStreamEncryption(r -> r.deliveryStreamName(name)))
                .isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("25");
        assertThat(encryption(name).status()).isEqualTo(DeliveryStreamEncryptionStatus.DISABLED);
    }

    private static boolean put(String name, String data) {
        return client.putRecord(r -> r.deliveryStreamName(name).record(x -> x.data(SdkBytes.fromUtf8String(data))))
                .encrypted();
    }

    private static DeliveryStreamEncryptionConfiguration encryption(String name) {
        return Streams.describe(client, name).deliveryStreamEncryptionConfiguration();
    }

    private static DeliveryStreamEncryptionConfiguration awaitEncryption(
            String name, DeliveryStreamEncryptionStatus status) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> encryption(name).status() == status);
        return encryption(name);
    }

    private static void awaitDelivered(String bucket, String name, String expected) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    List<byte[]> objects = new ArrayList<>();
                    for (String key : stack.keys(bucket, "20")) {
                        assertThat(key).contains(name);
                        objects.add(stack.get(bucket, key));
                    }
                    assertThat(text(TestStack.concat(objects))).isEqualTo(expected);
                });
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}

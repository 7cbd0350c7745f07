package io.millrace.firehose.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.millrace.firehose.it.TestStack;
import io.millrace.kinesis.model.sse.RecordEnvelope;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.CreateDeliveryStreamRequest;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamEncryptionConfiguration;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamEncryptionStatus;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamFailureType;
import software.amazon.awssdk.services.firehose.model.InvalidArgumentException;
import software.amazon.awssdk.services.firehose.model.InvalidKmsResourceException;
import software.amazon.awssdk.services.firehose.model.KeyType;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.PutRecordResponse;
import software.amazon.awssdk.services.firehose.model.Record;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * KeyType CUSTOMER_MANAGED_CMK through the SDK, with the keys of a KMS API on the same broker: an enabled key is
 * taken and shown by DescribeDeliveryStream, a missing or disabled one is InvalidKMSResourceException; the stream's
 * topic holds KMS envelopes only, and the key's state decides whether puts work.
 */
class CustomerManagedKeyIT {

    private static TestStack stack;
    private static KmsClient kmsClient;
    private static FirehoseClient client;

    @BeforeAll
    static void start() throws Exception {
        stack = TestStack.get();
        KmsTestGateway kms = KmsTestGateway.shared();
        kmsClient = kms.kms();
        client = kms.firehose().client();
    }

    @Test
    void anEnabledKeyEncryptsFromCreateAndFromStart() {
        String keyArn = kmsClient
                .createKey(r -> r.description("firehose"))
                .keyMetadata()
                .arn();
        String created = TestStack.unique("cmk-create");
        String bucket = TestStack.unique("cmk-bucket");
        stack.createBucket(bucket);
        client.createDeliveryStream(Streams.directPut(created, bucket)
                .deliveryStreamEncryptionConfigurationInput(
                        e -> e.keyType(KeyType.CUSTOMER_MANAGED_CMK).keyARN(keyArn))
                .build());
        DeliveryStreamEncryptionConfiguration fromCreate =
                Streams.awaitActive(client, created).deliveryStreamEncryptionConfiguration();
        assertThat(fromCreate.status()).isEqualTo(DeliveryStreamEncryptionStatus.ENABLED);
        assertThat(fromCreate.keyType()).isEqualTo(KeyType.CUSTOMER_MANAGED_CMK);
        assertThat(fromCreate.keyARN()).isEqualTo(keyArn);
        assertThat(client.putRecord(r ->
                                r.deliveryStreamName(created).record(x -> x.data(SdkBytes.fromUtf8String("sealed\n"))))
                        .encrypted())
                .isTrue();

        String started = TestStack.unique("cmk-start");
        client.createDeliveryStream(Streams.directPut(started, bucket).build());
        Streams.awaitActive(client, started);
        client.startDeliveryStreamEncryption(r -> r.deliveryStreamName(started)
                .deliveryStreamEncryptionConfigurationInput(
                        e -> e.keyType(KeyType.CUSTOMER_MANAGED_CMK).keyARN(keyArn)));
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> encryption(started).status() == DeliveryStreamEncryptionStatus.ENABLED);
        assertThat(encryption(started).keyARN()).isEqualTo(keyArn);
        assertThat(encryption(started).keyType()).isEqualTo(KeyType.CUSTOMER_MANAGED_CMK);
    }

    @Test
    void missingAndDisabledKeysAreInvalidKmsResources() {
        String name = TestStack.unique("cmk-refused");
        String bucket = TestStack.unique("cmk-refused-bucket");
        stack.createBucket(bucket);
        client.createDeliveryStream(Streams.directPut(name, bucket).build());
        Streams.awaitActive(client, name);

        String disabled =
                kmsClient.createKey(r -> r.description("off")).keyMetadata().arn();
        kmsClient.disableKey(r -> r.keyId(disabled));
        assertThatThrownBy(() -> start(name, KeyType.CUSTOMER_MANAGED_CMK, disabled))
                .isInstanceOf(InvalidKmsResourceException.class)
                .hasMessageContaining(disabled)
                .hasMessageContaining("DisabledException");
        String missing = disabled.substring(0, disabled.lastIndexOf('/') + 1) + "1234abcd-12ab-34cd-56ef-1234567890ab";
        assertThatThrownBy(() -> start(name, KeyType.CUSTOMER_MANAGED_CMK, missing))
                .isInstanceOf(InvalidKmsResourceException.class)
                .hasMessageContaining("NotFoundException");
        assertThatThrownBy(() -> start(name, KeyType.CUSTOMER_MANAGED_CMK, null))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("KeyARN is required");
        String enabled =
                kmsClient.createKey(r -> r.description("on")).keyMetadata().arn();
        assertThatThrownBy(() -> start(name, KeyType.AWS_OWNED_CMK, enabled))
                .isInstanceOf(InvalidArgumentException.class);
        assertThat(encryption(name).status()).isEqualTo(DeliveryStreamEncryptionStatus.DISABLED);
    }

    @Test
    void anS3DestinationWritesItsObjectsWithSseKmsUnderAKeyOfThisKms() {
        String keyArn = newKey("objects");
        String name = TestStack.unique("sse-kms");
        String bucket = newBucket("sse-kms-bucket");
        String missing = keyArn.substring(0, keyArn.lastIndexOf('/') + 1) + "1234abcd-12ab-34cd-56ef-1234567890ab";
        assertThatThrownBy(() -> client.createDeliveryStream(sseKms(name, bucket, missing)))
                .isInstanceOf(InvalidKmsResourceException.class)
                .hasMessageContaining("NotFoundException");

        client.createDeliveryStream(sseKms(name, bucket, keyArn));
        Streams.awaitActive(client, name);
        client.putRecord(r -> r.deliveryStreamName(name).record(x -> x.data(SdkBytes.fromUtf8String("kept\n"))));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> stack.keys(bucket, "").size() == 1);
        // The test stack's store (S3Proxy's transient store) keeps the encryption asked for and reports it, as S3 does.
        HeadObjectResponse head = stack.s3()
                .headObject(b -> b.bucket(bucket).key(stack.keys(bucket, "").get(0)));
        assertThat(head.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
        assertThat(head.ssekmsKeyId()).isEqualTo(keyArn);
    }

    private static String newKey(String description) {
        return kmsClient
                .createKey(r -> r.description(description))
                .keyMetadata()
                .arn();
    }

    private static String newBucket(String base) {
        String bucket = TestStack.unique(base);
        stack.createBucket(bucket);
        return bucket;
    }

    private static CreateDeliveryStreamRequest sseKms(String name, String bucket, String keyArn) {
        return Streams.directPut(name, bucket)
                .extendedS3DestinationConfiguration(d -> d.roleARN(Streams.ROLE)
                        .bucketARN("arn:aws:s3:::" + bucket)
                        .bufferingHints(h -> h.sizeInMBs(1).intervalInSeconds(1))
                        .encryptionConfiguration(e -> e.kmsEncryptionConfig(k -> k.awskmsKeyARN(keyArn))))
                .build();
    }

    private static void start(String name, KeyType type, String keyArn) {
        client.startDeliveryStreamEncryption(r -> r.deliveryStreamName(name)
                .deliveryStreamEncryptionConfigurationInput(e -> e.keyType(type).keyARN(keyArn)));
    }

    private static DeliveryStreamEncryptionConfiguration encryption(String name) {
        return Streams.describe(client, name).deliveryStreamEncryptionConfiguration();
    }

    @Test
    void recordsAreSealedUnderTheCustomerKeyWhichDecidesWhetherPutsWork() {
        String keyArn = newKey("sealing");
        String name = TestStack.unique("cmk-sealed");
        String bucket = newBucket("cmk-sealed-bucket");
        client.createDeliveryStream(Streams.directPut(name, bucket)
                .directPutSourceConfiguration(p -> p.throughputHintInMBs(20))
                .deliveryStreamEncryptionConfigurationInput(
                        e -> e.keyType(KeyType.CUSTOMER_MANAGED_CMK).keyARN(keyArn))
                .build());
        Streams.awaitActive(client, name);
        List<String> stored = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            stored.add("cmk-secret-" + i);
        }
        PutRecordBatchResponse batch = client.putRecordBatch(r -> r.deliveryStreamName(name)
                .records(stored.subList(0, 19).stream()
                        .map(line -> Record.builder()
                                .data(SdkBytes.fromUtf8String(line + "\n"))
                                .build())
                        .toList()));
        assertThat(batch.failedPutCount()).isZero();
        assertThat(batch.encrypted()).isTrue();
        assertThat(put(name, stored.get(19)).encrypted()).isTrue();

        // Anyone with access to Kafka finds envelopes, not the data: 2 partitions for 20 MB/s.
        List<ConsumerRecord<byte[], byte[]>> raw = RawTopic.read("firehose-" + name, 2);
        assertThat(raw).hasSize(20);
        for (ConsumerRecord<byte[], byte[]> record : raw) {
            assertThat(new String(record.value(), StandardCharsets.ISO_8859_1)).doesNotContain("cmk-secret");
            assertThat(record.headers().lastHeader(RecordEnvelope.HEADER)).isNotNull();
        }
        BucketLines.awaitExactlyOnce(bucket, stored);

        kmsClient.disableKey(r -> r.keyId(keyArn));
        // Data keys are used for a period: within it puts still work (and are delivered), after it the key decides.
        AtomicReference<InvalidKmsResourceException> refused = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    String line = "cmk-secret-late-" + stored.size();
                    try {
                        put(name, line);
                        stored.add(line);
                        return false;
                    } catch (InvalidKmsResourceException e) {
                        refused.set(e);
                        return true;
                    }
                });
        assertThat(refused.get()).hasMessageContaining(keyArn).hasMessageContaining("DisabledException");
        assertThatThrownBy(() -> client.putRecordBatch(r -> r.deliveryStreamName(name)
                        .records(Record.builder()
                                .data(SdkBytes.fromUtf8String("refused too\n"))
                                .build())))
                .isInstanceOf(InvalidKmsResourceException.class);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> encryption(name).status() == DeliveryStreamEncryptionStatus.ENABLING_FAILED);
        DeliveryStreamEncryptionConfiguration failed = encryption(name);
        assertThat(failed.status()).isEqualTo(DeliveryStreamEncryptionStatus.ENABLING_FAILED);
        assertThat(failed.failureDescription().type()).isEqualTo(DeliveryStreamFailureType.DISABLED_KMS_KEY);
        assertThat(failed.failureDescription().details()).contains(keyArn);

        kmsClient.enableKey(r -> r.keyId(keyArn));
        assertThat(put(name, "cmk-secret-again").encrypted()).isTrue();
        stored.add("cmk-secret-again");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> encryption(name).status() == DeliveryStreamEncryptionStatus.ENABLED);
        assertThat(encryption(name).failureDescription()).isNull();
        BucketLines.awaitExactlyOnce(bucket, stored);
    }

    private static PutRecordResponse put(String name, String line) {
        return client.putRecord(
                r -> r.deliveryStreamName(name).record(x -> x.data(SdkBytes.fromUtf8String(line + "\n"))));
    }
}

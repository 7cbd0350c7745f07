package io.millrace.firehose.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.millrace.firehose.it.TestStack;
import io.millrace.gateway.Gateway;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.kinesis.config.KinesisConfig;
import io.millrace.kms.KmsConfig;
import io.millrace.kms.KmsService;
import io.millrace.kms.api.LocalCrypto;
import io.millrace.testkit.LocalClients;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamEncryptionConfiguration;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamEncryptionStatus;
import software.amazon.awssdk.services.firehose.model.InvalidArgumentException;
import software.amazon.awssdk.services.firehose.model.InvalidKmsResourceException;
import software.amazon.awssdk.services.firehose.model.KeyType;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * KeyType CUSTOMER_MANAGED_CMK through the SDK, with the keys of a KMS API on the same broker: an enabled key is
 * taken and shown by DescribeDeliveryStream, a missing or disabled one is InvalidKMSResourceException.
 */
class CustomerManagedKeyIT {

    private static TestStack stack;
    private static KmsService kms;
    private static Gateway kmsGateway;
    private static KmsClient kmsClient;
    private static FirehoseTestGateway firehose;
    private static FirehoseClient client;

    @BeforeAll
    static void start() throws Exception {
        stack = TestStack.get();
        String name = TestStack.unique("cmk");
        KinesisConfig config = new KinesisConfig(Map.of(
                KinesisConfig.BOOTSTRAP_SERVERS,
                stack.bootstrapServers(),
                KinesisConfig.PORT,
                "0",
                KmsConfig.TOPIC,
                "__" + name + "-kms",
                KmsConfig.ROOT_KEY,
                "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="));
        kms = KmsService.start(
                new KmsConfig(config.originals()),
                config.kafkaClientProperties(),
                config.getString(KinesisConfig.REGION),
                config.getString(KinesisConfig.ACCOUNT_ID));
        kmsGateway = Gateway.start(config, List.of(kms));
        kmsClient = LocalClients.pointedAt(
                        KmsClient.builder(),
                        URI.create("http://127.0.0.1:" + kmsGateway.port()),
                        Duration.ofSeconds(30))
                .build();
        firehose = FirehoseTestGateway.start(Map.of(), usableIn(kms.localCrypto()));
        client = firehose.client();
    }

    /** As the launcher wires it: a key is usable when the KMS has it enabled. */
    private static CustomerKeys usableIn(LocalCrypto crypto) {
        return keyArn -> {
            try {
                crypto.usableKeyArn(keyArn);
                return Optional.empty();
            } catch (ApiException e) {
                return Optional.of(e.type() + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.of("interrupted");
            }
        };
    }

    @AfterAll
    static void stop() {
        firehose.close();
        kmsClient.close();
        kmsGateway.close();
        kms.close();
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

    private static void start(String name, KeyType type, String keyArn) {
        client.startDeliveryStreamEncryption(r -> r.deliveryStreamName(name)
                .deliveryStreamEncryptionConfigurationInput(e -> e.keyType(type).keyARN(keyArn)));
    }

    private static DeliveryStreamEncryptionConfiguration encryption(String name) {
        return Streams.describe(client, name).deliveryStreamEncryptionConfiguration();
    }
}

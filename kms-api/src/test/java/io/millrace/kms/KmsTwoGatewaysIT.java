package io.millrace.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.millrace.kms.testkit.KmsGateway;
import io.millrace.kms.testkit.SettableClock;
import io.millrace.testkit.EmbeddedKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/** Gateways sharing one topic: what one changes the other sees; keys outlive a gateway; due deletions happen. */
class KmsTwoGatewaysIT {

    @Test
    void aChangeOnOneGatewayIsSeenByTheOtherWithinSeconds() {
        String topic = "__millrace_kms_two_gateways_it";
        try (KmsGateway first = KmsGateway.start(topic);
                KmsGateway second = KmsGateway.start(topic);
                KmsClient a = first.client();
                KmsClient b = second.client()) {
            String keyId =
                    a.createKey(r -> r.description("shared")).keyMetadata().keyId();
            SdkBytes blob = a.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("across")))
                    .ciphertextBlob();

            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(b.decrypt(r -> r.ciphertextBlob(blob))
                                    .plaintext()
                                    .asUtf8String())
                            .isEqualTo("across"));

            a.createAlias(r -> r.aliasName("alias/shared").targetKeyId(keyId));
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(b.describeKey(r -> r.keyId("alias/shared"))
                                    .keyMetadata()
                                    .keyId())
                            .isEqualTo(keyId));

            b.disableKey(r -> r.keyId(keyId));
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThatThrownBy(() -> a.decrypt(r -> r.ciphertextBlob(blob)))
                            .isInstanceOf(DisabledException.class));

            b.enableKey(r -> r.keyId(keyId));
            b.rotateKeyOnDemand(r -> r.keyId(keyId));
            // After a rotation on the second gateway, the first encrypts under the new version and decrypts both.
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                byte[] rotated = a.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("v2")))
                        .ciphertextBlob()
                        .asByteArray();
                assertThat(rotated[20]).isEqualTo((byte) 2);
            });
            assertThat(a.decrypt(r -> r.ciphertextBlob(blob)).plaintext().asUtf8String())
                    .isEqualTo("across");
        }
    }

    @Test
    void keysAndOldCiphertextSurviveARestart() {
        String topic = "__millrace_kms_restart_it";
        String keyId;
        SdkBytes blob;
        SdkBytes dataKey;
        SdkBytes dataKeyBlob;
        try (KmsGateway gateway = KmsGateway.start(topic);
                KmsClient kms = gateway.client()) {
            keyId = kms.createKey(r -> r.description("durable")).keyMetadata().keyId();
            kms.createAlias(r -> r.aliasName("alias/durable").targetKeyId(keyId));
            blob = kms.encrypt(r -> r.keyId("alias/durable")
                            .plaintext(SdkBytes.fromUtf8String("kept"))
                            .encryptionContext(Map.of("k", "v")))
                    .ciphertextBlob();
            var generated = kms.generateDataKey(r -> r.keyId(keyId).keySpec(DataKeySpec.AES_256));
            dataKey = generated.plaintext();
            dataKeyBlob = generated.ciphertextBlob();
            kms.rotateKeyOnDemand(r -> r.keyId(keyId));
        }
        try (KmsGateway restarted = KmsGateway.start(topic);
                KmsClient kms = restarted.client()) {
            assertThat(kms.describeKey(r -> r.keyId("alias/durable"))
                            .keyMetadata()
                            .keyId())
                    .isEqualTo(keyId);
            assertThat(kms.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(Map.of("k", "v")))
                            .plaintext()
                            .asUtf8String())
                    .isEqualTo("kept");
            assertThat(kms.decrypt(r -> r.ciphertextBlob(dataKeyBlob)).plaintext())
                    .isEqualTo(dataKey);
        }
        // Another root key cannot unwrap the material kept in the topic.
        try (KmsGateway wrongRoot = KmsGateway.start(
                        topic,
                        java.time.Clock.systemUTC(),
                        Map.of(KmsConfig.ROOT_KEY, "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA="));
                KmsClient kms = wrongRoot.client()) {
            assertThatThrownBy(() -> kms.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(Map.of("k", "v"))))
                    .isInstanceOfSatisfying(software.amazon.awssdk.services.kms.model.KmsException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(500);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("KMSInternalException");
                    });
        }
    }

    @Test
    void theTopicHoldsNoPlaintextMaterialAndNoPlaintextData() throws Exception {
        String topic = "__millrace_kms_topic_content_it";
        byte[] dataKey;
        try (KmsGateway gateway = KmsGateway.start(topic);
                KmsClient kms = gateway.client()) {
            String keyId =
                    kms.createKey(r -> r.description("opaque")).keyMetadata().keyId();
            dataKey = kms.generateDataKey(r -> r.keyId(keyId).keySpec(DataKeySpec.AES_256))
                    .plaintext()
                    .asByteArray();
        }
        StringBuilder all = new StringBuilder();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafka.shared().bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    if (record.value() != null) {
                        all.append(new String(record.value(), java.nio.charset.StandardCharsets.ISO_8859_1));
                    }
                }
            }
        }
        assertThat(all.toString()).contains("opaque");
        assertThat(all.toString()).doesNotContain(new String(dataKey, java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    @Test
    void aKeyIsDeletedWithItsAliasesOnceItsWaitingPeriodEnds() {
        String topic = "__millrace_kms_deletion_it";
        SettableClock clock = new SettableClock();
        try (KmsGateway gateway = KmsGateway.start(topic, clock, Map.of(KmsConfig.HOUSEKEEPING_INTERVAL_MS, "200"));
                KmsClient kms = gateway.client()) {
            String keyId =
                    kms.createKey(r -> r.description("doomed")).keyMetadata().keyId();
            kms.createAlias(r -> r.aliasName("alias/doomed").targetKeyId(keyId));
            SdkBytes blob = kms.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("x")))
                    .ciphertextBlob();
            kms.scheduleKeyDeletion(r -> r.keyId(keyId).pendingWindowInDays(7));
            clock.advance(Duration.ofDays(6));
            assertThat(kms.describeKey(r -> r.keyId(keyId)).keyMetadata().keyState())
                    .isEqualTo(KeyState.PENDING_DELETION);

            clock.advance(Duration.ofDays(1).plusMinutes(1));
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThatThrownBy(() -> kms.describeKey(r -> r.keyId(keyId)))
                            .isInstanceOf(NotFoundException.class));
            assertThatThrownBy(() -> kms.describeKey(r -> r.keyId("alias/doomed")))
                    .isInstanceOf(NotFoundException.class);
            assertThat(kms.listAliases().aliases())
                    .noneMatch(alias -> alias.aliasName().equals("alias/doomed"));
            assertThatThrownBy(() -> kms.decrypt(r -> r.ciphertextBlob(blob)))
                    .isInstanceOf(InvalidCiphertextException.class);
        }
    }

    @Test
    void automaticRotationAddsAVersionWhenDueAndOldCiphertextStillDecrypts() {
        String topic = "__millrace_kms_auto_rotation_it";
        SettableClock clock = new SettableClock();
        try (KmsGateway gateway = KmsGateway.start(topic, clock, Map.of(KmsConfig.HOUSEKEEPING_INTERVAL_MS, "200"));
                KmsClient kms = gateway.client()) {
            String keyId =
                    kms.createKey(r -> r.description("rotating")).keyMetadata().keyId();
            SdkBytes before = kms.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("v1")))
                    .ciphertextBlob();
            kms.enableKeyRotation(r -> r.keyId(keyId).rotationPeriodInDays(90));
            var firstDue = kms.getKeyRotationStatus(r -> r.keyId(keyId)).nextRotationDate();

            clock.advance(Duration.ofDays(91));
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(
                                    kms.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromUtf8String("v2")))
                                            .ciphertextBlob()
                                            .asByteArray()[20])
                            .isEqualTo((byte) 2));
            assertThat(kms.getKeyRotationStatus(r -> r.keyId(keyId)).nextRotationDate())
                    .isAfter(firstDue.plus(Duration.ofDays(89)));
            assertThat(kms.decrypt(r -> r.ciphertextBlob(before)).plaintext().asUtf8String())
                    .isEqualTo("v1");
        }
    }
}

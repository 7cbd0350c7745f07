package io.millrace.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.kms.testkit.KmsGateway;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.AlreadyExistsException;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidAliasNameException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.KeyListEntry;
import software.amazon.awssdk.services.kms.model.KeyManagerType;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.OriginType;

/** The KMS API through the AWS SDK v2's KmsClient on a real gateway in open mode. */
class KmsClientIT {

    private static final String TOPIC = "__millrace_kms_client_it";
    private static KmsGateway gateway;
    private static KmsClient kms;

    @BeforeAll
    static void start() {
        gateway = KmsGateway.start(TOPIC);
        kms = gateway.client();
    }

    @AfterAll
    static void stop() {
        kms.close();
        gateway.close();
    }

    private static KeyMetadata newKey(String description) {
        return kms.createKey(r ->
                        r.description(description).tags(t -> t.tagKey("team").tagValue("data")))
                .keyMetadata();
    }

    private static SdkBytes utf8(String text) {
        return SdkBytes.fromString(text, StandardCharsets.UTF_8);
    }

    @Test
    void aCreatedKeyIsDescribedAsAwsDescribesASymmetricKey() {
        KeyMetadata created = newKey("orders");

        KeyMetadata described = kms.describeKey(r -> r.keyId(created.keyId())).keyMetadata();
        assertThat(described.arn()).isEqualTo("arn:aws:kms:us-east-1:123456789012:key/" + created.keyId());
        assertThat(described.awsAccountId()).isEqualTo(KmsGateway.ACCOUNT);
        assertThat(described.enabled()).isTrue();
        assertThat(described.keyState()).isEqualTo(KeyState.ENABLED);
        assertThat(described.keyManager()).isEqualTo(KeyManagerType.CUSTOMER);
        assertThat(described.origin()).isEqualTo(OriginType.AWS_KMS);
        assertThat(described.keySpecAsString()).isEqualTo("SYMMETRIC_DEFAULT");
        assertThat(described.keyUsageAsString()).isEqualTo("ENCRYPT_DECRYPT");
        assertThat(described.encryptionAlgorithmsAsStrings()).containsExactly("SYMMETRIC_DEFAULT");
        assertThat(described.description()).isEqualTo("orders");
        assertThat(described.creationDate()).isNotNull();
        assertThat(kms.describeKey(r -> r.keyId(created.arn())).keyMetadata().keyId())
                .isEqualTo(created.keyId());
        assertThat(kms.listKeysPaginator(r -> r.limit(1)).keys().stream().map(KeyListEntry::keyId))
                .contains(created.keyId());
    }

    @Test
    void encryptAndDecryptWithEveryFormOfKeyIdAndTheContextAsAad() {
        KeyMetadata key = newKey("forms");
        kms.createAlias(r -> r.aliasName("alias/forms").targetKeyId(key.keyId()));
        Map<String, String> context = Map.of("stream", "orders");
        for (String id :
                new String[] {key.keyId(), key.arn(), "alias/forms", "arn:aws:kms:us-east-1:123456789012:alias/forms"
                }) {
            EncryptResponse encrypted =
                    kms.encrypt(r -> r.keyId(id).plaintext(utf8("hello " + id)).encryptionContext(context));
            assertThat(encrypted.keyId()).isEqualTo(key.arn());
            assertThat(encrypted.ciphertextBlob().asString(StandardCharsets.ISO_8859_1))
                    .doesNotContain("hello");

            // The blob names its key: no KeyId needed.
            DecryptResponse decrypted = kms.decrypt(
                    r -> r.ciphertextBlob(encrypted.ciphertextBlob()).encryptionContext(context));
            assertThat(decrypted.plaintext().asUtf8String()).isEqualTo("hello " + id);
            assertThat(decrypted.keyId()).isEqualTo(key.arn());
            assertThatThrownBy(() -> kms.decrypt(r -> r.ciphertextBlob(encrypted.ciphertextBlob())))
                    .isInstanceOf(InvalidCiphertextException.class);
            assertThatThrownBy(() -> kms.decrypt(r ->
                            r.ciphertextBlob(encrypted.ciphertextBlob()).encryptionContext(Map.of("stream", "other"))))
                    .isInstanceOf(InvalidCiphertextException.class);
        }
    }

    @Test
    void aTamperedBlobOrAnotherKeyIdIsRefused() {
        KeyMetadata key = newKey("tamper");
        KeyMetadata other = newKey("other");
        byte[] blob = kms.encrypt(r -> r.keyId(key.keyId()).plaintext(utf8("data")))
                .ciphertextBlob()
                .asByteArray();
        byte[] tampered = blob.clone();
        tampered[tampered.length - 1] ^= 1;

        KmsException error = (KmsException)
                catchThrowable(() -> kms.decrypt(r -> r.ciphertextBlob(SdkBytes.fromByteArray(tampered))));
        assertThat(error).isInstanceOf(InvalidCiphertextException.class);
        assertThat(error.statusCode()).isEqualTo(400);
        assertThatThrownBy(() -> kms.decrypt(r -> r.ciphertextBlob(SdkBytes.fromUtf8String("not a blob at all"))))
                .isInstanceOf(InvalidCiphertextException.class);
        assertThatThrownBy(() -> kms.decrypt(
                        r -> r.ciphertextBlob(SdkBytes.fromByteArray(blob)).keyId(other.keyId())))
                .isInstanceOf(IncorrectKeyException.class);
    }

    @Test
    void plaintextIsLimitedTo4096Bytes() {
        KeyMetadata key = newKey("limits");
        assertThat(kms.encrypt(r -> r.keyId(key.keyId()).plaintext(SdkBytes.fromByteArray(new byte[4096])))
                        .ciphertextBlob()
                        .asByteArray())
                .hasSizeGreaterThan(4096);
        assertThatThrownBy(
                        () -> kms.encrypt(r -> r.keyId(key.keyId()).plaintext(SdkBytes.fromByteArray(new byte[4097]))))
                .isInstanceOfSatisfying(KmsException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.statusCode()).isEqualTo(400);
                });
    }

    @Test
    void dataKeysDecryptToTheirPlaintext() {
        KeyMetadata key = newKey("data keys");
        GenerateDataKeyResponse aes256 =
                kms.generateDataKey(r -> r.keyId(key.keyId()).keySpec(DataKeySpec.AES_256));
        GenerateDataKeyResponse aes128 = kms.generateDataKey(
                r -> r.keyId(key.keyId()).keySpec(DataKeySpec.AES_128).encryptionContext(Map.of("a", "b")));
        GenerateDataKeyResponse bytes =
                kms.generateDataKey(r -> r.keyId(key.keyId()).numberOfBytes(64));

        assertThat(aes256.plaintext().asByteArray()).hasSize(32);
        assertThat(aes128.plaintext().asByteArray()).hasSize(16);
        assertThat(bytes.plaintext().asByteArray()).hasSize(64);
        assertThat(kms.decrypt(r -> r.ciphertextBlob(aes256.ciphertextBlob())).plaintext())
                .isEqualTo(aes256.plaintext());
        assertThat(kms.decrypt(r -> r.ciphertextBlob(aes128.ciphertextBlob()).encryptionContext(Map.of("a", "b")))
                        .plaintext())
                .isEqualTo(aes128.plaintext());

        var withoutPlaintext =
                kms.generateDataKeyWithoutPlaintext(r -> r.keyId(key.keyId()).keySpec(DataKeySpec.AES_256));
        assertThat(withoutPlaintext.keyId()).isEqualTo(key.arn());
        assertThat(kms.decrypt(r -> r.ciphertextBlob(withoutPlaintext.ciphertextBlob()))
                        .plaintext()
                        .asByteArray())
                .hasSize(32);
        assertErrorCode("ValidationException", () -> kms.generateDataKey(r -> r.keyId(key.keyId())));
        assertErrorCode(
                "ValidationException",
                () -> kms.generateDataKey(r -> r.keyId(key.keyId()).numberOfBytes(1025)));
    }

    @Test
    void reEncryptMovesCiphertextToAnotherKeyAndContext() {
        KeyMetadata source = newKey("source");
        KeyMetadata destination = newKey("destination");
        SdkBytes blob = kms.encrypt(
                        r -> r.keyId(source.keyId()).plaintext(utf8("moved")).encryptionContext(Map.of("v", "1")))
                .ciphertextBlob();

        var moved = kms.reEncrypt(r -> r.ciphertextBlob(blob)
                .sourceEncryptionContext(Map.of("v", "1"))
                .destinationKeyId(destination.keyId())
                .destinationEncryptionContext(Map.of("v", "2")));

        assertThat(moved.sourceKeyId()).isEqualTo(source.arn());
        assertThat(moved.keyId()).isEqualTo(destination.arn());
        DecryptResponse decrypted =
                kms.decrypt(r -> r.ciphertextBlob(moved.ciphertextBlob()).encryptionContext(Map.of("v", "2")));
        assertThat(decrypted.plaintext().asUtf8String()).isEqualTo("moved");
        assertThat(decrypted.keyId()).isEqualTo(destination.arn());
    }

    @Test
    void aDisabledKeyRefusesCryptoUntilEnabled() {
        KeyMetadata key = newKey("disable me");
        SdkBytes blob =
                kms.encrypt(r -> r.keyId(key.keyId()).plaintext(utf8("before"))).ciphertextBlob();

        kms.disableKey(r -> r.keyId(key.keyId()));
        assertThat(kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata().keyState())
                .isEqualTo(KeyState.DISABLED);
        assertThatThrownBy(() -> kms.encrypt(r -> r.keyId(key.keyId()).plaintext(utf8("x"))))
                .isInstanceOf(DisabledException.class)
                .hasMessageContaining(key.arn() + " is disabled.");
        assertThatThrownBy(() -> kms.decrypt(r -> r.ciphertextBlob(blob))).isInstanceOf(DisabledException.class);
        assertThatThrownBy(() -> kms.generateDataKey(r -> r.keyId(key.keyId()).keySpec(DataKeySpec.AES_256)))
                .isInstanceOf(DisabledException.class);

        kms.enableKey(r -> r.keyId(key.keyId()));
        assertThat(kms.decrypt(r -> r.ciphertextBlob(blob)).plaintext().asUtf8String())
                .isEqualTo("before");
    }

    @Test
    void aKeyPendingDeletionIsInvalidStateAndCancellingLeavesItDisabled() {
        KeyMetadata key = newKey("delete me");
        SdkBytes blob =
                kms.encrypt(r -> r.keyId(key.keyId()).plaintext(utf8("x"))).ciphertextBlob();

        var scheduled = kms.scheduleKeyDeletion(r -> r.keyId(key.keyId()).pendingWindowInDays(7));
        assertThat(scheduled.keyId()).isEqualTo(key.arn());
        assertThat(scheduled.keyState()).isEqualTo(KeyState.PENDING_DELETION);
        assertThat(scheduled.pendingWindowInDays()).isEqualTo(7);
        KeyMetadata described = kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata();
        assertThat(described.keyState()).isEqualTo(KeyState.PENDING_DELETION);
        assertThat(described.deletionDate()).isEqualTo(scheduled.deletionDate());
        assertThatThrownBy(() -> kms.decrypt(r -> r.ciphertextBlob(blob)))
                .isInstanceOf(KmsInvalidStateException.class)
                .hasMessageContaining("is pending deletion");
        assertThatThrownBy(() -> kms.enableKey(r -> r.keyId(key.keyId()))).isInstanceOf(KmsInvalidStateException.class);
        assertErrorCode(
                "ValidationException",
                () -> kms.scheduleKeyDeletion(r -> r.keyId(key.keyId()).pendingWindowInDays(6)));

        kms.cancelKeyDeletion(r -> r.keyId(key.keyId()));
        assertThat(kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata().keyState())
                .isEqualTo(KeyState.DISABLED);
        assertThatThrownBy(() -> kms.cancelKeyDeletion(r -> r.keyId(key.keyId())))
                .isInstanceOf(KmsInvalidStateException.class);
    }

    @Test
    void aliasesFollowAwsRules() {
        KeyMetadata key = newKey("aliased");
        KeyMetadata other = newKey("other alias target");
        kms.createAlias(r -> r.aliasName("alias/team/orders").targetKeyId(key.arn()));

        assertThatThrownBy(() ->
                        kms.createAlias(r -> r.aliasName("alias/team/orders").targetKeyId(other.keyId())))
                .isInstanceOf(AlreadyExistsException.class);
        assertThatThrownBy(
                        () -> kms.createAlias(r -> r.aliasName("alias/aws/mine").targetKeyId(key.keyId())))
                .isInstanceOf(InvalidAliasNameException.class);
        assertErrorCode(
                "ValidationException",
                () -> kms.createAlias(r -> r.aliasName("orders").targetKeyId(key.keyId())));
        assertErrorCode(
                "ValidationException",
                () -> kms.createAlias(r -> r.aliasName("alias/x").targetKeyId("alias/team/orders")));
        assertThatThrownBy(() -> kms.createAlias(
                        r -> r.aliasName("alias/x").targetKeyId("00000000-0000-0000-0000-000000000000")))
                .isInstanceOf(NotFoundException.class);

        AliasListEntry entry =
                kms.listAliases(r -> r.keyId(key.keyId())).aliases().get(0);
        assertThat(entry.aliasName()).isEqualTo("alias/team/orders");
        assertThat(entry.aliasArn()).isEqualTo("arn:aws:kms:us-east-1:123456789012:alias/team/orders");
        assertThat(entry.targetKeyId()).isEqualTo(key.keyId());

        kms.updateAlias(r -> r.aliasName("alias/team/orders").targetKeyId(other.keyId()));
        assertThat(kms.describeKey(r -> r.keyId("alias/team/orders"))
                        .keyMetadata()
                        .keyId())
                .isEqualTo(other.keyId());
        kms.deleteAlias(r -> r.aliasName("alias/team/orders"));
        assertThatThrownBy(() -> kms.describeKey(r -> r.keyId("alias/team/orders")))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("alias/team/orders is not found");
        assertThatThrownBy(() -> kms.deleteAlias(r -> r.aliasName("alias/team/orders")))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void rotationKeepsOldVersionsSoOldCiphertextDecrypts() {
        KeyMetadata key = newKey("rotated");
        assertThat(kms.getKeyRotationStatus(r -> r.keyId(key.keyId())).keyRotationEnabled())
                .isFalse();
        kms.enableKeyRotation(r -> r.keyId(key.keyId()).rotationPeriodInDays(90));
        var status = kms.getKeyRotationStatus(r -> r.keyId(key.keyId()));
        assertThat(status.keyRotationEnabled()).isTrue();
        assertThat(status.rotationPeriodInDays()).isEqualTo(90);
        assertThat(status.nextRotationDate()).isNotNull();

        SdkBytes before =
                kms.encrypt(r -> r.keyId(key.keyId()).plaintext(utf8("v1"))).ciphertextBlob();
        kms.rotateKeyOnDemand(r -> r.keyId(key.keyId()));
        SdkBytes after =
                kms.encrypt(r -> r.keyId(key.keyId()).plaintext(utf8("v2"))).ciphertextBlob();

        // Version 1 names material version 1, the new blob version 2 (bytes 17 to 20 of the format).
        assertThat(after.asByteArray()[20]).isEqualTo((byte) 2);
        assertThat(before.asByteArray()[20]).isEqualTo((byte) 1);
        assertThat(kms.decrypt(r -> r.ciphertextBlob(before)).plaintext().asUtf8String())
                .isEqualTo("v1");
        assertThat(kms.decrypt(r -> r.ciphertextBlob(after)).plaintext().asUtf8String())
                .isEqualTo("v2");

        kms.disableKeyRotation(r -> r.keyId(key.keyId()));
        assertThat(kms.getKeyRotationStatus(r -> r.keyId(key.keyId())).keyRotationEnabled())
                .isFalse();
        assertErrorCode(
                "ValidationException",
                () -> kms.enableKeyRotation(r -> r.keyId(key.keyId()).rotationPeriodInDays(89)));
    }

    @Test
    void theDefaultKeyPolicyAllowsTheRootAndPutKeyPolicyValidates() {
        KeyMetadata key = newKey("policy");
        String policy = kms.getKeyPolicy(r -> r.keyId(key.keyId()).policyName("default"))
                .policy();
        assertThat(policy)
                .contains("\"arn:aws:iam::123456789012:root\"")
                .contains("\"kms:*\"")
                .contains("key-default-1");
        assertThat(gateway.service().resourcePolicies().policyOf(key.arn())).hasValue(policy);

        String mine = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                + "\"arn:aws:iam::123456789012:root\"},\"Action\":\"kms:Decrypt\",\"Resource\":\"*\"}]}";
        kms.putKeyPolicy(r -> r.keyId(key.keyId()).policyName("default").policy(mine));
        assertThat(kms.getKeyPolicy(r -> r.keyId(key.keyId())).policy()).isEqualTo(mine);
        assertThat(gateway.service().resourcePolicies().policyOf(key.arn())).hasValue(mine);
        assertThatThrownBy(() -> kms.putKeyPolicy(
                        r -> r.keyId(key.keyId()).policyName("default").policy("{}")))
                .isInstanceOf(MalformedPolicyDocumentException.class);
    }

    @Test
    void unknownKeysAreNotFound() {
        assertThatThrownBy(() -> kms.describeKey(r -> r.keyId("11111111-2222-3333-4444-555555555555")))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining(
                        "Key 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555' does not exist");
        assertThatThrownBy(() -> kms.encrypt(r -> r.keyId("alias/nothing").plaintext(utf8("x"))))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void awsManagedKeysAreCreatedOnFirstUseOnce() throws InterruptedException {
        String arn = gateway.service().awsManagedKey("aws/kinesis");

        assertThat(gateway.service().awsManagedKey("alias/aws/kinesis")).isEqualTo(arn);
        assertThat(gateway.service().awsManagedKey("aws/firehose")).isNotEqualTo(arn);
        KeyMetadata described =
                kms.describeKey(r -> r.keyId("alias/aws/kinesis")).keyMetadata();
        assertThat(described.arn()).isEqualTo(arn);
        assertThat(described.keyManager()).isEqualTo(KeyManagerType.AWS);
        assertThat(kms.getKeyRotationStatus(r -> r.keyId(arn)).keyRotationEnabled())
                .isTrue();
        assertThat(kms.listAliases().aliases().stream().map(AliasListEntry::aliasName))
                .contains("alias/aws/kinesis", "alias/aws/firehose");
        SdkBytes blob = kms.encrypt(r -> r.keyId("alias/aws/kinesis").plaintext(utf8("k")))
                .ciphertextBlob();
        assertThat(kms.decrypt(r -> r.ciphertextBlob(blob)).plaintext().asUtf8String())
                .isEqualTo("k");
        assertErrorCode("UnsupportedOperationException", () -> kms.scheduleKeyDeletion(r -> r.keyId(arn)));
    }

    /** The call fails with AWS's error {@code code} (one the SDK has no exception class for). */
    private static void assertErrorCode(String code, Runnable call) {
        assertThat(catchThrowable(call))
                .isInstanceOfSatisfying(
                        KmsException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code));
    }

    private static Throwable catchThrowable(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("the call succeeded");
    }
}

package io.millrace.kms.api;

import io.millrace.gateway.protocol.ApiException;
import java.util.Map;

/**
 * Data keys for the other services of the same process (Kinesis stream encryption), without a round trip through
 * HTTP: the same checks and errors ({@link ApiException} of the KMS error catalog) as GenerateDataKey and Decrypt.
 * The AWS-managed keys ({@code alias/aws/kinesis}, {@code alias/aws/firehose}) are created on first use.
 */
public final class LocalCrypto {

    private static final int AES_256_BYTES = 32;

    private final Keys keys;
    private final CryptoActions crypto;
    private final ManagedKeys managed;

    LocalCrypto(Keys keys, CryptoActions crypto, ManagedKeys managed) {
        this.keys = keys;
        this.crypto = crypto;
        this.managed = managed;
    }

    /** The ARN of the key {@code keyId} names (id, ARN, alias, alias ARN) if it is enabled. */
    public String usableKeyArn(String keyId) throws InterruptedException {
        createIfManaged(keyId);
        return KeyStates.usable(keys.resolve(keyId)).getArn();
    }

    /** GenerateDataKey's answer: the data key, the same sealed by the KMS key, and that key's ARN. */
    public record Generated(byte[] plaintext, byte[] blob, String keyArn) {}

    /** GenerateDataKey with KeySpec AES_256 and no encryption context. */
    public Generated generateDataKey(String keyId) throws InterruptedException {
        createIfManaged(keyId);
        return crypto.generate(keyId, AES_256_BYTES, Map.of());
    }

    /** Decrypt of a blob without encryption context. */
    public byte[] decrypt(byte[] blob) {
        return crypto.open(blob, Map.of(), null).plaintext();
    }

    private void createIfManaged(String keyId) throws InterruptedException {
        int alias = keyId.indexOf("alias/aws/");
        if (alias >= 0 && (alias == 0 || keyId.startsWith("arn:"))) {
            try {
                managed.key(keyId.substring(alias));
            } catch (IllegalArgumentException notManagedHere) {
                // Not a managed key of this platform: resolving it answers NotFoundException as for any alias.
            }
        }
    }
}

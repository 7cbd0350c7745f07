package io.millrace.kinesis.model.sse;

/**
 * The key service a stream's records are encrypted with: the platform's KMS API, in the gateway's process or over
 * HTTP. Only what envelope encryption needs: data keys under a KMS key, and the plaintext of a wrapped data key.
 * Implementations name the failure of a key in {@link KeyException#reason()}; callers never see KMS's own types.
 */
public interface KeyService {

    /**
     * The ARN of the KMS key {@code keyId} names (key id, key ARN, alias name {@code alias/...} or alias ARN) once
     * it is usable for encryption.
     */
    String usableKeyArn(String keyId) throws KeyException;

    /** A fresh AES-256 data key (KMS GenerateDataKey, KeySpec AES_256) under {@code keyId}. */
    DataKey generateDataKey(String keyId) throws KeyException;

    /** The plaintext of a data key {@link #generateDataKey} wrapped (KMS Decrypt); the blob names its key. */
    byte[] decrypt(byte[] wrappedDataKey) throws KeyException;
}

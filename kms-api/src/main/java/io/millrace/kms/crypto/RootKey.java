package io.millrace.kms.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * The key that wraps every key's material before it goes to Kafka, itself never in Kafka: whoever reads the topic
 * without it learns nothing of any key. A wrapped material is IV and GCM ciphertext with tag, its key id and version
 * the associated data, so that a material copied onto another key or version does not unwrap.
 */
public final class RootKey {

    private final byte[] key;

    private RootKey(byte[] key) {
        this.key = key;
    }

    /** @throws IllegalArgumentException naming {@code configKey} when the value is not base64 of 32 bytes */
    public static RootKey fromBase64(String base64, String configKey) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(configKey + " is not base64", e);
        }
        if (bytes.length != 32) {
            throw new IllegalArgumentException(
                    configKey + " must be base64 of 32 bytes (openssl rand -base64 32), not " + bytes.length);
        }
        return new RootKey(bytes);
    }

    public byte[] wrap(String keyId, int materialVersion, byte[] material) {
        byte[] iv = Gcm.randomBytes(Gcm.IV_BYTES);
        byte[] sealed = Gcm.seal(key, iv, material, aad(keyId, materialVersion));
        return ByteBuffer.allocate(iv.length + sealed.length)
                .put(iv)
                .put(sealed)
                .array();
    }

    /** @throws IllegalStateException when the material was wrapped by another root key or altered */
    public byte[] unwrap(String keyId, int materialVersion, byte[] wrapped) {
        try {
            byte[] iv = java.util.Arrays.copyOfRange(wrapped, 0, Gcm.IV_BYTES);
            byte[] sealed = java.util.Arrays.copyOfRange(wrapped, Gcm.IV_BYTES, wrapped.length);
            return Gcm.open(key, iv, sealed, aad(keyId, materialVersion));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException(
                    "Key material of " + keyId + " version " + materialVersion
                            + " does not unwrap: is millrace.kms.root-key the one it was written with?",
                    e);
        }
    }

    private static byte[] aad(String keyId, int materialVersion) {
        return (keyId + "/" + materialVersion).getBytes(StandardCharsets.UTF_8);
    }
}

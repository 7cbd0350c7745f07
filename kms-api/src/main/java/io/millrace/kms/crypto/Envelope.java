package io.millrace.kms.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Encrypts under one version of a key's material and decrypts a {@link CiphertextBlob}, with the encryption context
 * as associated data: KMS's rule that Decrypt must be given "the same encryption context" as Encrypt, whatever the
 * order of its pairs.
 */
public final class Envelope {

    private Envelope() {}

    public static byte[] encrypt(
            UUID keyId, int materialVersion, byte[] material, byte[] plaintext, Map<String, String> context) {
        byte[] iv = Gcm.randomBytes(Gcm.IV_BYTES);
        CiphertextBlob unsealed = new CiphertextBlob(keyId, materialVersion, iv, new byte[0]);
        byte[] sealed = Gcm.seal(material, iv, plaintext, aad(unsealed.header(), context));
        return new CiphertextBlob(keyId, materialVersion, iv, sealed).toBytes();
    }

    /** The plaintext; empty when the tag does not verify (tampered blob, other context, other material). */
    public static Optional<byte[]> decrypt(CiphertextBlob blob, byte[] material, Map<String, String> context) {
        try {
            return Optional.of(Gcm.open(material, blob.iv(), blob.sealed(), aad(blob.header(), context)));
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    /** The header, then each pair in key order as length-prefixed UTF-8: one byte string per context. */
    static byte[] aad(byte[] header, Map<String, String> context) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header);
        for (Map.Entry<String, String> pair : new TreeMap<>(context).entrySet()) {
            writeString(out, pair.getKey());
            writeString(out, pair.getValue());
        }
        return out.toByteArray();
    }

    private static void writeString(ByteArrayOutputStream out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
        out.writeBytes(bytes);
    }
}

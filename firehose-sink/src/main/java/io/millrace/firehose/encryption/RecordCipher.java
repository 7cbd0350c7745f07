package io.millrace.firehose.encryption;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Server-side encryption of one DirectPut record: AES-256-GCM under the delivery stream's data key, a random 96-bit
 * nonce per record, the value stored as {@code nonce || ciphertext || tag}. The Kafka record carries the header
 * {@value #HEADER} (format version, data key id), so plaintext records written before Start or after Stop sit in
 * the same topic and are told apart without guessing from the bytes. The stream name and key id are authenticated
 * data: a record copied to another stream's topic, or relabelled with another key id, fails to decrypt.
 */
public final class RecordCipher {

    /** Kafka record header naming the format and data key of an encrypted record. */
    public static final String HEADER = "millrace.firehose.sse";

    private static final byte FORMAT_V1 = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private RecordCipher() {}

    /** The header value of a record encrypted with data key {@code keyId}: format byte, then the id (4 bytes). */
    public static byte[] header(int keyId) {
        return ByteBuffer.allocate(5).put(FORMAT_V1).putInt(keyId).array();
    }

    /** The data key id a header names; fails on a format this version does not know. */
    public static int keyId(byte[] header) throws GeneralSecurityException {
        if (header == null || header.length != 5 || header[0] != FORMAT_V1) {
            throw new GeneralSecurityException("unknown record encryption format");
        }
        return ByteBuffer.wrap(header, 1, 4).getInt();
    }

    public static byte[] encrypt(SecretKey key, int keyId, String deliveryStream, byte[] plaintext)
            throws GeneralSecurityException {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(aad(deliveryStream, keyId));
        byte[] sealed = new byte[NONCE_BYTES + cipher.getOutputSize(plaintext.length)];
        System.arraycopy(nonce, 0, sealed, 0, NONCE_BYTES);
        cipher.doFinal(plaintext, 0, plaintext.length, sealed, NONCE_BYTES);
        return sealed;
    }

    public static byte[] decrypt(SecretKey key, int keyId, String deliveryStream, byte[] sealed)
            throws GeneralSecurityException {
        if (sealed == null || sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new GeneralSecurityException("encrypted record too short");
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
        cipher.updateAAD(aad(deliveryStream, keyId));
        return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
    }

    private static byte[] aad(String deliveryStream, int keyId) {
        return ("millrace-firehose-sse/v1/" + deliveryStream + "/" + keyId).getBytes(StandardCharsets.UTF_8);
    }
}

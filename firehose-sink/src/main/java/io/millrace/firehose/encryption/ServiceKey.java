package io.millrace.firehose.encryption;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The gateways' own key, standing in for the AWS-owned CMK: it wraps (AES-256-GCM) each delivery stream's data key
 * before the data key is written to the metadata topic, so that topic never holds a usable key. Every gateway of a
 * deployment must be configured with the same service key.
 */
public final class ServiceKey {

    private static final int NONCE_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;

    private ServiceKey(SecretKey key) {
        this.key = key;
    }

    /** From base64 of 32 bytes (for example {@code openssl rand -base64 32}). */
    public static ServiceKey fromBase64(String base64) {
        byte[] material;
        try {
            material = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the service key is not base64");
        }
        if (material.length != DataKeys.KEY_BYTES) {
            throw new IllegalArgumentException("the service key must be " + DataKeys.KEY_BYTES
                    + " bytes (base64 of 32 random bytes), not " + material.length);
        }
        return new ServiceKey(new SecretKeySpec(material, "AES"));
    }

    public byte[] wrap(byte[] dataKey, String deliveryStream, int keyId) throws GeneralSecurityException {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
        cipher.updateAAD(aad(deliveryStream, keyId));
        byte[] sealed = cipher.doFinal(dataKey);
        byte[] out = new byte[NONCE_BYTES + sealed.length];
        System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
        System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
        return out;
    }

    public byte[] unwrap(byte[] wrapped, String deliveryStream, int keyId) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, wrapped, 0, NONCE_BYTES));
        cipher.updateAAD(aad(deliveryStream, keyId));
        return cipher.doFinal(wrapped, NONCE_BYTES, wrapped.length - NONCE_BYTES);
    }

    private static byte[] aad(String deliveryStream, int keyId) {
        return ("millrace-firehose-data-key/v1/" + deliveryStream + "/" + keyId).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "ServiceKey[hidden]";
    }
}

package io.millrace.kms.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** AES-GCM with a 96-bit random IV and a 128-bit tag, the one cipher of this service. */
public final class Gcm {

    public static final int IV_BYTES = 12;
    public static final int TAG_BITS = 128;

    private static final SecureRandom RANDOM = new SecureRandom();

    private Gcm() {}

    public static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    public static byte[] seal(byte[] key, byte[] iv, byte[] plaintext, byte[] aad) {
        return run(Cipher.ENCRYPT_MODE, key, iv, plaintext, aad);
    }

    /** @throws GeneralSecurityException when the tag does not verify (tampering, another key or other AAD) */
    public static byte[] open(byte[] key, byte[] iv, byte[] sealed, byte[] aad) throws GeneralSecurityException {
        Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, iv, aad);
        return cipher.doFinal(sealed);
    }

    private static byte[] run(int mode, byte[] key, byte[] iv, byte[] input, byte[] aad) {
        try {
            return cipher(mode, key, iv, aad).doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    private static Cipher cipher(int mode, byte[] key, byte[] iv, byte[] aad) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD(aad);
        return cipher;
    }
}

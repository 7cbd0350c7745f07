package io.millrace.kinesis.sequence;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals opaque tokens (shard iterators, pagination tokens) with an HMAC under a key every gateway of the cluster
 * shares, so a token issued by one gateway is accepted by another and a tampered one by none.
 */
public final class TokenSigner {

    private static final int TAG_BYTES = 16;
    private static final Base64.Encoder ENCODER = Base64.getEncoder();
    private static final Base64.Decoder DECODER = Base64.getDecoder();

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    public TokenSigner(byte[] secret) {
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    public String seal(byte[] payload) {
        byte[] tag = tag(payload);
        ByteBuffer out = ByteBuffer.allocate(payload.length + TAG_BYTES);
        out.put(payload).put(tag, 0, TAG_BYTES);
        return ENCODER.encodeToString(out.array());
    }

    /** The payload of a token this cluster sealed, or null for anything else (garbage, tampered, foreign). */
    public byte[] open(String token) {
        byte[] raw;
        try {
            raw = DECODER.decode(token);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (raw.length <= TAG_BYTES) {
            return null;
        }
        byte[] payload = Arrays.copyOf(raw, raw.length - TAG_BYTES);
        byte[] expected = Arrays.copyOf(tag(payload), TAG_BYTES);
        byte[] actual = Arrays.copyOfRange(raw, raw.length - TAG_BYTES, raw.length);
        return MessageDigest.isEqual(expected, actual) ? payload : null;
    }

    private byte[] tag(byte[] payload) {
        return macs.get().doFinal(payload);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
        }
    }
}

package io.millrace.gateway.protocol.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * SigV4's hashing: the derived signing key (HMAC chain over date, region, service and {@code aws4_request}) and the
 * SHA-256 and HMAC-SHA256 it is built from. A derived key is valid for a whole day and scope, so it is cached rather
 * than recomputed with four HMACs per request. The hashing is public for what signs its own calls (the CloudWatch
 * API's peer reads).
 */
public final class SigningKeys {

    /** Keys rotate daily; a bound keeps a stream of bogus scopes from growing the cache without end. */
    private static final int MAX_CACHED = 1_024;

    /**
     * One instance per thread: looking a provider's implementation up costs more than hashing a small request, and
     * {@code digest} and {@code doFinal} leave them ready for the next use.
     */
    private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(SigningKeys::newMac);

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(SigningKeys::newSha256);

    private final ConcurrentHashMap<String, byte[]> cache = new ConcurrentHashMap<>();

    byte[] signingKey(String accessKeyId, String secret, CredentialScope scope) {
        String cacheKey = accessKeyId + '/' + scope.date() + '/' + scope.region() + '/' + scope.service();
        byte[] key = cache.get(cacheKey);
        if (key == null) {
            key = derive(secret, scope);
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
            cache.put(cacheKey, key);
        }
        return key;
    }

    private static byte[] derive(String secret, CredentialScope scope) {
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), scope.date());
        key = hmac(key, scope.region());
        key = hmac(key, scope.service());
        return hmac(key, CredentialScope.TERMINATOR);
    }

    public static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = HMAC.get();
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }

    public static String sha256Hex(byte[] data) {
        return HexFormat.of().formatHex(SHA256.get().digest(data));
    }

    private static Mac newMac() {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}

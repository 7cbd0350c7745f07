package io.millrace.firehose.encryption;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * A delivery stream's AES-256 data keys by id, as the connector receives them in its {@code encryption.data.keys}
 * setting: {@code <id>:<base64 key>} separated by commas. Every key ever used is kept, because records encrypted
 * with an older key stay in the topic until its retention removes them.
 */
public final class DataKeys {

    public static final int KEY_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private DataKeys() {}

    public static byte[] generate() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return key;
    }

    public static SecretKey key(byte[] material) {
        if (material.length != KEY_BYTES) {
            throw new IllegalArgumentException("a data key has " + KEY_BYTES + " bytes, not " + material.length);
        }
        return new SecretKeySpec(material, "AES");
    }

    public static String format(Map<Integer, byte[]> keys) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(keys).forEach((id, material) -> {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(id).append(':').append(Base64.getEncoder().encodeToString(material));
        });
        return out.toString();
    }

    /** Parses {@link #format}; the message of a failure never contains key material. */
    public static Map<Integer, SecretKey> parse(String value) {
        Map<Integer, SecretKey> keys = new TreeMap<>();
        if (value == null || value.isBlank()) {
            return Collections.unmodifiableMap(keys);
        }
        for (String entry : value.split(",")) {
            int colon = entry.indexOf(':');
            try {
                int id = Integer.parseInt(entry.substring(0, colon).trim());
                keys.put(
                        id,
                        key(Base64.getDecoder()
                                .decode(entry.substring(colon + 1).trim())));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("malformed data key entry number " + (keys.size() + 1)
                        + " (expected <id>:<base64 of " + KEY_BYTES + " bytes>)");
            }
        }
        return Collections.unmodifiableMap(keys);
    }
}

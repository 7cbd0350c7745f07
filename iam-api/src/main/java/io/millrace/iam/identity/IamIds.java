package io.millrace.iam.identity;

import java.security.SecureRandom;

/**
 * Identifiers as IAM and STS make them ("IAM identifiers", AWS IAM User Guide): a four-letter prefix naming the
 * kind ({@code AIDA} user, {@code AROA} role, {@code ANPA} managed policy, {@code AKIA} long-term access key,
 * {@code ASIA} temporary access key) followed by random upper-case base32 characters (A-Z, 2-7); unique ids are 21
 * characters long, access key ids 20. Secret access keys are 40 characters of the base64 alphabet.
 */
public final class IamIds {

    public static final String USER = "AIDA";
    public static final String ROLE = "AROA";
    public static final String POLICY = "ANPA";
    public static final String ACCESS_KEY = "AKIA";
    public static final String TEMPORARY_ACCESS_KEY = "ASIA";

    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static final int UNIQUE_ID_SUFFIX = 17;
    private static final int ACCESS_KEY_SUFFIX = 16;
    private static final int SECRET_LENGTH = 40;
    private static final SecureRandom RANDOM = new SecureRandom();

    private IamIds() {}

    /** A unique id of a user, role or policy: {@code prefix} and 17 characters. */
    public static String uniqueId(String prefix) {
        return prefix + random(BASE32, UNIQUE_ID_SUFFIX);
    }

    /** {@code AKIA} (long-term) or {@code ASIA} (temporary) and 16 characters. */
    public static String accessKeyId(String prefix) {
        return prefix + random(BASE32, ACCESS_KEY_SUFFIX);
    }

    public static String secretAccessKey() {
        return random(SECRET_ALPHABET, SECRET_LENGTH);
    }

    private static String random(String alphabet, int length) {
        StringBuilder id = new StringBuilder(length + 4);
        for (int i = 0; i < length; i++) {
            id.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return id.toString();
    }
}

package io.millrace.firehose.naming;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * The "random" parts of object names (the suffix UUID and {@code !{firehose:random-string}}), derived from what
 * identifies an object's content: the output it belongs to and the Kafka record it starts with. A task that
 * crashes and replays from its committed offset therefore writes the same object key again, overwriting the
 * object it wrote before the crash instead of adding a duplicate beside it.
 */
public final class DeterministicIds {
    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();
    /** AWS: !{firehose:random-string} evaluates to 11 characters. */
    public static final int RANDOM_STRING_LENGTH = 11;

    private DeterministicIds() {}

    public static String seed(String output, String topic, int partition, long startOffset) {
        return output + '\u0000' + topic + '\u0000' + partition + '\u0000' + startOffset;
    }

    /**
     * The seed of one of several objects of the same output and segment (one per partition key values or error
     * output type); an empty {@code discriminator} gives the plain seed, so streams without them keep their names.
     */
    public static String seed(String output, String topic, int partition, long startOffset, String discriminator) {
        String base = seed(output, topic, partition, startOffset);
        return discriminator.isEmpty() ? base : base + '\u0000' + discriminator;
    }

    public static UUID uuid(String seed) {
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8));
    }

    public static String randomString(String seed) {
        byte[] hash = sha256(("random-string\u0000" + seed).getBytes(StandardCharsets.UTF_8));
        char[] out = new char[RANDOM_STRING_LENGTH];
        for (int i = 0; i < out.length; i++) {
            out[i] = ALPHABET[(hash[i] & 0xff) % ALPHABET.length];
        }
        return new String(out);
    }

    private static byte[] sha256(byte[] in) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(in);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}

package io.millrace.bench.workload;

import java.util.concurrent.ThreadLocalRandom;

/** Record contents. Random bytes, so that no compression on the way flatters the figures. */
public final class Payloads {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Payloads() {}

    public static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    /** A random 16-hex-digit partition key: spreads records evenly over the shards by MD5, as real keys do. */
    public static String randomPartitionKey() {
        long v = ThreadLocalRandom.current().nextLong();
        char[] key = new char[16];
        for (int i = 15; i >= 0; i--) {
            key[i] = HEX[(int) (v & 0xF)];
            v >>>= 4;
        }
        return new String(key);
    }
}

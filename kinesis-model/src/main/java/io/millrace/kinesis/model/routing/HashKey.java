package io.millrace.kinesis.model.routing;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A point of Kinesis's 128-bit hash key space, as two unsigned longs: comparing them costs no allocation, which
 * matters on the put path where every record is routed.
 */
public record HashKey(long high, long low) implements Comparable<HashKey> {

    public static final BigInteger MAX_VALUE = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
    public static final HashKey MIN = new HashKey(0, 0);
    public static final HashKey MAX = new HashKey(-1L, -1L);

    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every JVM", e);
        }
    });

    /** The hash key of a partition key: its MD5 read as an unsigned big-endian integer, as Kinesis does. */
    public static HashKey ofPartitionKey(String partitionKey) {
        return ofPartitionKey(partitionKey.getBytes(StandardCharsets.UTF_8));
    }

    /** As {@link #ofPartitionKey(String)}, from the key's UTF-8 bytes (which the put path has at hand anyway). */
    public static HashKey ofPartitionKey(byte[] partitionKeyUtf8) {
        byte[] digest = MD5.get().digest(partitionKeyUtf8);
        return new HashKey(readLong(digest, 0), readLong(digest, 8));
    }

    /** Parses a decimal hash key; null when it is not an integer in [0, 2^128 - 1]. */
    public static HashKey parseDecimal(String decimal) {
        BigInteger value;
        try {
            value = new BigInteger(decimal);
        } catch (NumberFormatException e) {
            return null;
        }
        if (value.signum() < 0 || value.compareTo(MAX_VALUE) > 0) {
            return null;
        }
        return of(value);
    }

    public static HashKey of(BigInteger value) {
        return new HashKey(value.shiftRight(64).longValue(), value.longValue());
    }

    public BigInteger toBigInteger() {
        BigInteger hi = new BigInteger(Long.toUnsignedString(high));
        return hi.shiftLeft(64).add(new BigInteger(Long.toUnsignedString(low)));
    }

    public String toDecimal() {
        return toBigInteger().toString();
    }

    @Override
    public int compareTo(HashKey other) {
        int byHigh = Long.compareUnsigned(high, other.high);
        return byHigh != 0 ? byHigh : Long.compareUnsigned(low, other.low);
    }

    private static long readLong(byte[] bytes, int from) {
        long value = 0;
        for (int i = from; i < from + 8; i++) {
            value = (value << 8) | (bytes[i] & 0xFF);
        }
        return value;
    }
}

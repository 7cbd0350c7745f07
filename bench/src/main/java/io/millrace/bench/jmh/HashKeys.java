package io.millrace.bench.jmh;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;

/**
 * The two ways of turning a partition key's MD5 digest into Kinesis's 128-bit unsigned hash key and finding the
 * shard whose range holds it, side by side so the benchmark compares like with like. Shard i of n owns
 * [i * 2^128 / n, (i + 1) * 2^128 / n - 1], as CreateStream splits the space.
 */
public final class HashKeys {

    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final BigInteger SPACE = BigInteger.ONE.shiftLeft(128);

    private HashKeys() {}

    public static BigInteger toBigInteger(byte[] md5) {
        return new BigInteger(1, md5);
    }

    /** High 64 bits of the unsigned big-endian value. */
    public static long high(byte[] md5) {
        return (long) LONG_BE.get(md5, 0);
    }

    /** Low 64 bits of the unsigned big-endian value. */
    public static long low(byte[] md5) {
        return (long) LONG_BE.get(md5, 8);
    }

    /** Starting hash keys of {@code shards} even ranges. */
    public static BigInteger[] startsAsBigIntegers(int shards) {
        BigInteger[] starts = new BigInteger[shards];
        for (int i = 0; i < shards; i++) {
            starts[i] = SPACE.multiply(BigInteger.valueOf(i)).divide(BigInteger.valueOf(shards));
        }
        return starts;
    }

    /** The same starting keys as {high, low} pairs: element 2i is the high half of shard i, 2i+1 the low half. */
    public static long[] startsAsLongs(int shards) {
        BigInteger[] starts = startsAsBigIntegers(shards);
        long[] pairs = new long[shards * 2];
        for (int i = 0; i < shards; i++) {
            pairs[2 * i] = starts[i].shiftRight(64).longValue();
            pairs[2 * i + 1] = starts[i].longValue();
        }
        return pairs;
    }

    /** Index of the last shard whose starting key is at most {@code key}. */
    public static int shardOf(BigInteger[] starts, BigInteger key) {
        int lo = 0;
        int hi = starts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid].compareTo(key) <= 0) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** The same search on {high, low} pairs, comparing as unsigned 128-bit numbers. */
    public static int shardOf(long[] starts, long keyHigh, long keyLow) {
        int lo = 0;
        int hi = starts.length / 2 - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (compareUnsigned(starts[2 * mid], starts[2 * mid + 1], keyHigh, keyLow) <= 0) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    static int compareUnsigned(long aHigh, long aLow, long bHigh, long bLow) {
        int high = Long.compareUnsigned(aHigh, bHigh);
        return high != 0 ? high : Long.compareUnsigned(aLow, bLow);
    }
}

package io.millrace.kinesis.model.routing;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** An inclusive range of hash keys, the part of the key space a shard owns. */
public record HashKeyRange(HashKey start, HashKey end) {

    public boolean contains(HashKey key) {
        return start.compareTo(key) <= 0 && key.compareTo(end) <= 0;
    }

    /**
     * Splits the whole key space into {@code count} contiguous ranges as Kinesis does for a new stream: each range
     * spans floor(2^128 / count) keys and the last one absorbs the remainder up to 2^128 - 1.
     */
    public static List<HashKeyRange> evenSplit(int count) {
        BigInteger space = BigInteger.ONE.shiftLeft(128);
        BigInteger width = space.divide(BigInteger.valueOf(count));
        List<HashKeyRange> ranges = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            BigInteger start = width.multiply(BigInteger.valueOf(i));
            BigInteger end =
                    i == count - 1 ? HashKey.MAX_VALUE : start.add(width).subtract(BigInteger.ONE);
            ranges.add(new HashKeyRange(HashKey.of(start), HashKey.of(end)));
        }
        return ranges;
    }
}

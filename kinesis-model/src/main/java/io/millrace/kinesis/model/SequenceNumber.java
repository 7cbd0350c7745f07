package io.millrace.kinesis.model;

import java.math.BigInteger;

/**
 * Kinesis-shaped sequence numbers that map back to a Kafka offset, shared by every module that shows records as
 * Kinesis does (the endpoint, the Flink connector) so that all agree. Read in hexadecimal, one is 47 digits:
 * {@code 2 | shard creation seconds (8) | shard index (6) | offset (16) | 00 | record seconds (8) | shard index (5) | 2}.
 * Its decimal form has about 56 digits like AWS's. Ordering as big integers (the KCL compares them so) follows
 * the leading fields: within a shard, the offset; across a reshard, a child (created no earlier, with a higher
 * index) is above its parents. The creation time also tells apart a stream deleted and created again.
 */
public record SequenceNumber(long shardCreatedSeconds, int shardIndex, long offset) {

    private static final int HEX_DIGITS = 47;
    private static final BigInteger UPPER = BigInteger.ONE.shiftLeft(4 * HEX_DIGITS);
    private static final int MAX_SHARD_INDEX = 0xFFFFFF;

    public static String format(long shardCreatedSeconds, int shardIndex, long offset, long recordSeconds) {
        if (shardIndex < 0 || shardIndex > MAX_SHARD_INDEX || offset < 0) {
            throw new IllegalArgumentException("shard " + shardIndex + " offset " + offset + " out of range");
        }
        // The 188-bit value as three words: '2' + creation (8 hex) + shard (6 hex) on top, the offset in the
        // middle, and '00' + record seconds (8) + shard (5) + '2' at the bottom.
        long high = (2L << 56) | ((shardCreatedSeconds & 0xFFFFFFFFL) << 24) | shardIndex;
        long low = ((recordSeconds & 0xFFFFFFFFL) << 24) | ((long) (shardIndex & 0xFFFFF) << 4) | 2L;
        return toDecimal(high, offset, low);
    }

    /**
     * Decimal digits of {@code high * 2^128 + middle * 2^64 + low} (all unsigned): a sequence number is formatted
     * for every record written and read, and BigInteger's parse-and-print costs several times more.
     */
    static String toDecimal(long high, long middle, long low) {
        // Six 32-bit limbs, most significant first; repeated division by 10^9 yields nine digits at a time.
        long[] limbs = {
            high >>> 32, high & 0xFFFFFFFFL, middle >>> 32, middle & 0xFFFFFFFFL, low >>> 32, low & 0xFFFFFFFFL
        };
        int[] chunks = new int[8];
        int count = 0;
        boolean nonZero = true;
        while (nonZero) {
            long remainder = 0;
            nonZero = false;
            for (int i = 0; i < limbs.length; i++) {
                long current = (remainder << 32) | limbs[i];
                limbs[i] = current / 1_000_000_000L;
                remainder = current % 1_000_000_000L;
                nonZero |= limbs[i] != 0;
            }
            chunks[count++] = (int) remainder;
        }
        StringBuilder out = new StringBuilder(count * 9);
        out.append(chunks[count - 1]);
        for (int i = count - 2; i >= 0; i--) {
            String digits = Integer.toString(chunks[i]);
            for (int pad = digits.length(); pad < 9; pad++) {
                out.append('0');
            }
            out.append(digits);
        }
        return out.toString();
    }

    /** The smallest sequence number of a shard: what DescribeStream shows as its StartingSequenceNumber. */
    public static String shardStart(long shardCreatedSeconds, int shardIndex) {
        return format(shardCreatedSeconds, shardIndex, 0, shardCreatedSeconds);
    }

    /** Decodes a decimal sequence number; null when it is not one of ours. */
    public static SequenceNumber parse(String decimal) {
        if (decimal == null || decimal.isEmpty() || decimal.length() > 129) {
            return null;
        }
        BigInteger value;
        try {
            value = new BigInteger(decimal);
        } catch (NumberFormatException e) {
            return null;
        }
        if (value.signum() <= 0 || value.compareTo(UPPER) >= 0) {
            return null;
        }
        String hex = value.toString(16);
        if (hex.length() != HEX_DIGITS || hex.charAt(0) != '2') {
            return null;
        }
        long created = Long.parseLong(hex.substring(1, 9), 16);
        int shard = Integer.parseInt(hex.substring(9, 15), 16);
        long offset = Long.parseUnsignedLong(hex.substring(15, 31), 16);
        if (offset < 0) {
            return null;
        }
        return new SequenceNumber(created, shard, offset);
    }
}

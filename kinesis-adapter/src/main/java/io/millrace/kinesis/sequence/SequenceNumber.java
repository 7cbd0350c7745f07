package io.millrace.kinesis.sequence;

import java.math.BigInteger;

/**
 * Kinesis-shaped sequence numbers that map back to a Kafka offset. Read in hexadecimal, one is 47 digits:
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
        StringBuilder hex = new StringBuilder(HEX_DIGITS);
        hex.append('2');
        appendHex(hex, shardCreatedSeconds & 0xFFFFFFFFL, 8);
        appendHex(hex, shardIndex, 6);
        appendHex(hex, offset, 16);
        hex.append("00");
        appendHex(hex, recordSeconds & 0xFFFFFFFFL, 8);
        appendHex(hex, shardIndex & 0xFFFFF, 5);
        hex.append('2');
        return new BigInteger(hex.toString(), 16).toString();
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

    private static void appendHex(StringBuilder out, long value, int digits) {
        String hex = Long.toHexString(value);
        for (int i = hex.length(); i < digits; i++) {
            out.append('0');
        }
        out.append(hex);
    }
}

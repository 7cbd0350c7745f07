package io.millrace.kinesis.api;

import io.millrace.kinesis.model.SequenceNumber;
import java.math.BigInteger;

/**
 * The sequence numbers of one shard's records as ASCII digits, the same as {@link SequenceNumber#format} but
 * without a String: a GetRecords answer carries up to 10,000 of them, and formatting each by long division of the
 * whole 188-bit value took a fifth of the read threads' CPU in a profile. Of the value {@code high * 2^128 + offset
 * * 2^64 + low}, the top word is the same for every record of the shard, so its decimal form is computed once; per
 * record only {@code offset * 2^64} (nine products of base-10^9 limbs) and the small low word are added to it.
 * The digits are kept between records and only the nine-digit groups whose value changed are written again: the
 * records of an answer are consecutive, so the upper half of the number rarely changes (writing every digit was
 * still 15-19% of the read threads in a profile). Not thread-safe: one instance per answer being written.
 */
public final class SequenceNumberDigits {

    /** Enough for any 188-bit value (57 digits). */
    public static final int MAX_DIGITS = 63;

    private static final int LIMBS = 7;
    private static final long BASE = 1_000_000_000L;
    /** 2^64 in base 10^9, least significant limb first. */
    private static final long[] TWO_TO_64 = {709_551_616L, 446_744_073L, 18L};

    private static final int MAX_SHARD_INDEX = 0xFFFFFF;
    /** "00" to "99", two bytes each. */
    private static final byte[] PAIRS = new byte[200];

    static {
        for (int n = 0; n < 100; n++) {
            PAIRS[2 * n] = (byte) ('0' + n / 10);
            PAIRS[2 * n + 1] = (byte) ('0' + n % 10);
        }
    }

    private final int shardIndex;
    private final long[] top = new long[LIMBS];
    private final long[] sum = new long[LIMBS];
    /** The digits of the last record written, and the limbs they show (-1: none written yet). */
    private final byte[] digits = new byte[MAX_DIGITS];

    private final long[] shown = new long[LIMBS];
    private int shownFirst = -1;
    private int length;

    public SequenceNumberDigits(long shardCreatedSeconds, int shardIndex) {
        if (shardIndex < 0 || shardIndex > MAX_SHARD_INDEX) {
            throw new IllegalArgumentException("shard " + shardIndex + " out of range");
        }
        this.shardIndex = shardIndex;
        // The layout is SequenceNumber's: '2' + creation (8 hex) + shard (6 hex) in the top word.
        long high = (2L << 56) | ((shardCreatedSeconds & 0xFFFFFFFFL) << 24) | shardIndex;
        BigInteger value = BigInteger.valueOf(high).shiftLeft(128);
        BigInteger base = BigInteger.valueOf(BASE);
        for (int i = 0; i < LIMBS; i++) {
            BigInteger[] division = value.divideAndRemainder(base);
            top[i] = division[1].longValue();
            value = division[0];
        }
    }

    /**
     * Writes the digits of the record at {@code offset} written at {@code recordSeconds} into {@link #digits()} from
     * index 0; returns how many.
     */
    public int write(long offset, long recordSeconds) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset " + offset + " out of range");
        }
        long low = ((recordSeconds & 0xFFFFFFFFL) << 24) | ((long) (shardIndex & 0xFFFFF) << 4) | 2L;
        long o0 = offset % BASE;
        long o1 = (offset / BASE) % BASE;
        long o2 = offset / (BASE * BASE);
        // Each product is below 10^18 and each limb sums at most three of them: no long overflows.
        sum[0] = top[0] + o0 * TWO_TO_64[0] + low % BASE;
        sum[1] = top[1] + o0 * TWO_TO_64[1] + o1 * TWO_TO_64[0] + low / BASE;
        sum[2] = top[2] + o0 * TWO_TO_64[2] + o1 * TWO_TO_64[1] + o2 * TWO_TO_64[0];
        sum[3] = top[3] + o1 * TWO_TO_64[2] + o2 * TWO_TO_64[1];
        sum[4] = top[4] + o2 * TWO_TO_64[2];
        sum[5] = top[5];
        sum[6] = top[6];
        for (int i = 0; i < LIMBS - 1; i++) {
            sum[i + 1] += sum[i] / BASE;
            sum[i] %= BASE;
        }
        int first = LIMBS - 1;
        while (first > 0 && sum[first] == 0) {
            first--;
        }
        if (first != shownFirst || sum[first] != shown[first]) {
            writeAll(first);
            return length;
        }
        // Same leading limb, so every lower limb has its place: only the changed ones are written again.
        for (int i = first - 1; i >= 0; i--) {
            if (sum[i] != shown[i]) {
                writeDigits((int) sum[i], 9, digits, length - 9 * (i + 1));
                shown[i] = sum[i];
            }
        }
        return length;
    }

    /** The digits of the last {@link #write(long, long)}, valid up to the length it returned until the next one. */
    public byte[] digits() {
        return digits;
    }

    private void writeAll(int first) {
        // The leading limb without padding, every other one as nine digits.
        int leading = (int) sum[first];
        int count = 1;
        for (int rest = leading; rest >= 10; rest /= 10) {
            count++;
        }
        int at = writeDigits(leading, count, digits, 0);
        for (int i = first - 1; i >= 0; i--) {
            at = writeDigits((int) sum[i], 9, digits, at);
        }
        System.arraycopy(sum, 0, shown, 0, LIMBS);
        shownFirst = first;
        length = at;
    }

    private static int writeDigits(int value, int digits, byte[] out, int at) {
        // Two digits per division, from a table: one digit at a time was still a tenth of the read threads.
        int i = at + digits;
        while (i - at >= 2) {
            int pair = (value % 100) * 2;
            value /= 100;
            out[--i] = PAIRS[pair + 1];
            out[--i] = PAIRS[pair];
        }
        if (i > at) {
            out[--i] = (byte) ('0' + value % 10);
        }
        return at + digits;
    }
}

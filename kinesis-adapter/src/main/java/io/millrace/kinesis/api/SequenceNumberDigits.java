package io.millrace.kinesis.api;

import io.millrace.kinesis.model.SequenceNumber;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;

/**
 * The sequence numbers of one shard's records as ASCII digits, the same as {@link SequenceNumber#format} but
 * without a String: a GetRecords answer carries up to 10,000 of them, and formatting each by long division of the
 * whole 188-bit value took a fifth of the read threads' CPU in a profile. Of the value {@code high * 2^128 + offset
 * * 2^64 + low}, the top word is the same for every record of the shard, so its decimal form is computed once; per
 * record only {@code offset * 2^64} (nine products of base-10^9 limbs) and the small low word are added to it.
 * The digits are kept between records and only the nine-digit groups whose value changed are written again: the
 * records of an answer are consecutive, so the upper half of the number rarely changes (writing every digit was
 * still 15-19% of the read threads in a profile). The record after the last one written, at the next offset and in
 * the same second, is the last number plus 2^64: its digits are the last digits plus 2^64's twenty, added in place
 * eight digits at a time (three groups of nine digits changed per record and their divisions were still 16% of the
 * read threads); any other record is converted in full. Not thread-safe: one instance per answer being written.
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

    /** Eight ASCII digits read and written as one big-endian long, the most significant digit first. */
    private static final VarHandle EIGHT_DIGITS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private static final long ASCII_ZEROS = 0x3030_3030_3030_3030L;
    private static final long LOW_BIT_OF_EACH_BYTE = 0x0101_0101_0101_0101L;
    /** 256 - 10: a digit sum of 10 or more carries out of its byte by itself. */
    private static final long BIAS = 0xF6;

    /**
     * 2^64 = 18446744073709551616 as 24 digits in three groups of eight, least significant first, each digit a byte
     * value plus {@link #BIAS}.
     */
    private static final long[] TWO_TO_64_BIASED = {
        eightDigits("09551616") + BIAS * LOW_BIT_OF_EACH_BYTE,
        eightDigits("67440737") + BIAS * LOW_BIT_OF_EACH_BYTE,
        eightDigits("00001844") + BIAS * LOW_BIT_OF_EACH_BYTE
    };

    private final int shardIndex;
    private final long[] top = new long[LIMBS];
    private final long[] sum = new long[LIMBS];
    /** The digits of the last record written, and the limbs they show (-1: none written yet). */
    private final byte[] digits = new byte[MAX_DIGITS];

    private final long[] shown = new long[LIMBS];
    private int shownFirst = -1;
    private int length;
    /** The offset and low word of the last record written (length 0: none yet). */
    private long lastOffset;

    private long lastLow;

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
        // Offset MAX_VALUE + 1 wraps to a negative number, which no offset is: no next record after it.
        boolean next = length > 0 && offset == lastOffset + 1 && low == lastLow;
        lastOffset = offset;
        lastLow = low;
        if (next) {
            // The limbs will no longer show the digits: the next full conversion writes them all.
            shownFirst = -1;
            if (addTwoTo64()) {
                return length;
            }
        }
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

    /**
     * Adds 2^64 to the digits in place; false (digits unusable) when the sum needs one digit more, which a 57-digit
     * number with a constant top word does not reach, but the full conversion would then write it right. Each group
     * of eight digits is added as one long: every digit byte of 2^64 carries a bias of 246, so a digit sum of ten or
     * more carries into the next byte by the long's own addition and leaves sum - 10; the bytes that did not carry
     * get the bias taken off again.
     */
    private boolean addTwoTo64() {
        long carry = 0;
        int at = length;
        for (long addend : TWO_TO_64_BIASED) {
            at -= 8;
            long x = (long) EIGHT_DIGITS.get(digits, at) - ASCII_ZEROS;
            long sum = x + addend + carry;
            // Carry out of every bit of x + addend + carry; bit 7 of each byte is the carry out of that digit.
            long carries = (x & addend) | ((x | addend) & ~sum);
            long carried = (carries >>> 7) & LOW_BIT_OF_EACH_BYTE;
            sum -= (carried ^ LOW_BIT_OF_EACH_BYTE) * BIAS;
            EIGHT_DIGITS.set(digits, at, sum + ASCII_ZEROS);
            carry = carried >>> 56;
        }
        while (carry != 0) {
            if (--at < 0) {
                return false;
            }
            if (digits[at] == '9') {
                digits[at] = '0';
            } else {
                digits[at]++;
                carry = 0;
            }
        }
        return true;
    }

    private static long eightDigits(String eight) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (eight.charAt(i) - '0');
        }
        return value;
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

package io.millrace.kinesis.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.kinesis.model.SequenceNumber;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SequenceNumberDigitsTest {

    private static String digits(long created, int shard, long offset, long recordSeconds) {
        SequenceNumberDigits digits = new SequenceNumberDigits(created, shard);
        int length = digits.write(offset, recordSeconds);
        return new String(digits.digits(), 0, length, StandardCharsets.US_ASCII);
    }

    /** A random record of a random shard: every field over its range, offsets of every magnitude. */
    private record Drawn(long created, int shard, long offset, long seconds) {
        static Drawn from(SplittableRandom random) {
            return new Drawn(
                    random.nextLong(0, 0x1_0000_0000L),
                    random.nextInt(0, 0x100_0000),
                    random.nextLong(0, Long.MAX_VALUE) >>> random.nextInt(63),
                    random.nextLong(0, 0x1_0000_0000L));
        }
    }

    @Test
    void writesWhatSequenceNumberFormats() {
        SplittableRandom random = new SplittableRandom(16);
        for (int i = 0; i < 100_000; i++) {
            Drawn drawn = Drawn.from(random);
            assertWrites(
                    new SequenceNumberDigits(drawn.created(), drawn.shard()),
                    drawn.created(),
                    drawn.shard(),
                    drawn.offset(),
                    drawn.seconds());
        }
    }

    @Test
    void writesTheExtremesOfEveryField() {
        long[] createds = {0, 1, 1_764_000_000L, 0xFFFF_FFFFL};
        int[] shards = {0, 1, 0xFFFFF, 0x100000, 0xFFFFFF};
        long[] offsets = {0, 1, 999_999_999L, 1_000_000_000L, 999_999_999_999_999_999L, Long.MAX_VALUE};
        long[] seconds = {0, 1_764_000_123L, 0xFFFF_FFFFL, -1};
        for (long created : createds) {
            for (int shard : shards) {
                for (long offset : offsets) {
                    for (long second : seconds) {
                        assertThat(digits(created, shard, offset, second))
                                .isEqualTo(SequenceNumber.format(created, shard, offset, second));
                    }
                }
            }
        }
    }

    @Test
    void oneInstanceServesManyRecordsOfItsShard() {
        SequenceNumberDigits shard = new SequenceNumberDigits(1_764_000_000L, 3);
        for (long offset = 0; offset < 2_000; offset += 7) {
            int length = shard.write(offset, 1_764_000_000L + offset);
            assertThat(new String(shard.digits(), 0, length, StandardCharsets.US_ASCII))
                    .isEqualTo(SequenceNumber.format(1_764_000_000L, 3, offset, 1_764_000_000L + offset));
        }
    }

    @Test
    void keepsItsDigitsRightFromOneRecordToTheNext() {
        // Consecutive offsets (only the lower groups change), then jumps across every limb and back, a changing
        // second, and the largest offset: each answer must be whole, not patched from the one before.
        SequenceNumberDigits shard = new SequenceNumberDigits(1_764_000_000L, 7);
        SplittableRandom random = new SplittableRandom(3);
        long offset = 999_999_000L;
        for (int i = 0; i < 20_000; i++) {
            if (i % 1000 == 999) {
                offset = random.nextLong(0, Long.MAX_VALUE) >>> random.nextInt(63);
            } else if (i % 777 == 0) {
                offset = Math.max(0, offset - 5_000);
            } else {
                offset = offset == Long.MAX_VALUE ? 0 : offset + 1;
            }
            long seconds = 1_764_000_000L + i / 300;
            int length = shard.write(offset, seconds);
            assertThat(new String(shard.digits(), 0, length, StandardCharsets.US_ASCII))
                    .as("offset %d seconds %d", offset, seconds)
                    .isEqualTo(SequenceNumber.format(1_764_000_000L, 7, offset, seconds));
        }
        for (long last : new long[] {Long.MAX_VALUE, 0, Long.MAX_VALUE - 1, 1}) {
            int length = shard.write(last, 0);
            assertThat(new String(shard.digits(), 0, length, StandardCharsets.US_ASCII))
                    .isEqualTo(SequenceNumber.format(1_764_000_000L, 7, last, 0));
        }
    }

    @Test
    void addsTheNextOffsetAsTheFullConversionWritesIt() {
        // Runs of consecutive offsets in one second (the in-place addition of 2^64) from random starts of every
        // magnitude, each record checked against the full conversion; between runs a jump, a repeat, or a new second.
        SplittableRandom random = new SplittableRandom(64);
        for (int run = 0; run < 2_000; run++) {
            Drawn start = Drawn.from(random);
            long created = start.created();
            int shard = start.shard();
            SequenceNumberDigits digits = new SequenceNumberDigits(created, shard);
            long offset = start.offset();
            long seconds = start.seconds();
            for (int i = 0; i < 200 && offset >= 0; i++) {
                assertWrites(digits, created, shard, offset, seconds);
                int step = random.nextInt(20);
                if (step == 0) {
                    seconds++;
                } else if (step == 1) {
                    offset = random.nextLong(0, Long.MAX_VALUE);
                } else if (step > 2) {
                    offset++;
                }
            }
        }
    }

    @Test
    void carriesAcrossEveryDigitGroupAndLimb() {
        // The offsets whose next record crosses a multiple of 10^p: its addition carries through the lowest p digits
        // (every 8-digit group added in place, the digits past them, and every base-10^9 limb up to 10^36).
        for (int shard : new int[] {0, 5, 0xFFFFF, 0xFFFFFF}) {
            for (long created : new long[] {0, 1_764_000_000L, 0xFFFF_FFFFL}) {
                for (long seconds : new long[] {0, 1_764_000_123L, 0xFFFF_FFFFL}) {
                    for (int p = 1; p <= 37; p++) {
                        for (int k = 1; k <= 3; k++) {
                            long before = offsetBeforeCrossing(created, shard, seconds, p, k);
                            if (before < 0) {
                                continue;
                            }
                            SequenceNumberDigits digits = new SequenceNumberDigits(created, shard);
                            for (long offset = Math.max(0, before - 2); offset <= before + 2; offset++) {
                                assertWrites(digits, created, shard, offset, seconds);
                            }
                        }
                    }
                }
            }
        }
        // The last offsets Kafka can hold, consecutively up to the largest.
        SequenceNumberDigits digits = new SequenceNumberDigits(1_764_000_000L, 9);
        for (long offset = Long.MAX_VALUE - 5; offset > 0; offset++) {
            assertWrites(digits, 1_764_000_000L, 9, offset, 1_764_000_000L);
        }
    }

    /**
     * The offset o (or -1 beyond Kafka's offsets) whose number is the last below the k-th multiple of 10^p above
     * offset 0's number, so that o + 1's number is at or past it.
     */
    private static long offsetBeforeCrossing(long created, int shard, long seconds, int p, int k) {
        BigInteger atZero = new BigInteger(SequenceNumber.format(created, shard, 0, seconds));
        BigInteger unit = BigInteger.TEN.pow(p);
        BigInteger target = atZero.divide(unit).add(BigInteger.valueOf(k)).multiply(unit);
        BigInteger offset = target.subtract(BigInteger.ONE).subtract(atZero).shiftRight(64);
        return offset.bitLength() < 64 ? offset.longValue() : -1;
    }

    private static void assertWrites(SequenceNumberDigits digits, long created, int shard, long offset, long seconds) {
        int length = digits.write(offset, seconds);
        assertThat(new String(digits.digits(), 0, length, StandardCharsets.US_ASCII))
                .as("created %d shard %d offset %d seconds %d", created, shard, offset, seconds)
                .isEqualTo(SequenceNumber.format(created, shard, offset, seconds));
    }

    @Test
    void refusesWhatSequenceNumbersCannotHold() {
        assertThatThrownBy(() -> new SequenceNumberDigits(0, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SequenceNumberDigits(0, 0x1000000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SequenceNumberDigits(0, 0).write(-1, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

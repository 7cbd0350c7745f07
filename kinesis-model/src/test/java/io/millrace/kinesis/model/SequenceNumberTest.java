package io.millrace.kinesis.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class SequenceNumberTest {

    private static final long CREATED = 1_764_000_000L;

    @Test
    void roundTripsToTheExactOffsetAndLooksLikeAws() {
        String sequence = SequenceNumber.format(CREATED, 3, 123_456_789L, CREATED + 5);
        assertThat(sequence).matches("[1-9]\\d{55,57}");
        assertThat(SequenceNumber.parse(sequence)).isEqualTo(new SequenceNumber(CREATED, 3, 123_456_789L));
        long maxOffset = Long.MAX_VALUE;
        assertThat(SequenceNumber.parse(SequenceNumber.format(CREATED, 0, maxOffset, CREATED))
                        .offset())
                .isEqualTo(maxOffset);
    }

    @Test
    void growsWithTheOffsetWithinAShardWhateverTheRecordTime() {
        BigInteger earlier = new BigInteger(SequenceNumber.format(CREATED, 1, 41, CREATED + 100));
        BigInteger later = new BigInteger(SequenceNumber.format(CREATED, 1, 42, CREATED));
        assertThat(later).isGreaterThan(earlier);
        assertThat(new BigInteger(SequenceNumber.shardStart(CREATED, 1))).isLessThanOrEqualTo(earlier);
    }

    @Test
    void aChildShardStartsAboveEveryRecordOfItsParent() {
        BigInteger parentLast = new BigInteger(SequenceNumber.format(CREATED, 0, 1L << 40, CREATED + 50));
        BigInteger childFirst = new BigInteger(SequenceNumber.shardStart(CREATED + 50, 1));
        BigInteger childSameSecond = new BigInteger(SequenceNumber.shardStart(CREATED, 1));
        assertThat(childFirst).isGreaterThan(parentLast);
        assertThat(childSameSecond).isGreaterThan(parentLast);
    }

    @Test
    void decimalDigitsMatchBigInteger() {
        java.util.Random random = new java.util.Random(11);
        for (int i = 0; i < 10_000; i++) {
            long high = random.nextLong() >>> random.nextInt(64);
            long middle = random.nextLong();
            long low = random.nextLong();
            BigInteger expected = new BigInteger(Long.toUnsignedString(high))
                    .shiftLeft(128)
                    .add(new BigInteger(Long.toUnsignedString(middle)).shiftLeft(64))
                    .add(new BigInteger(Long.toUnsignedString(low)));
            assertThat(SequenceNumber.toDecimal(high, middle, low)).isEqualTo(expected.toString());
        }
        assertThat(SequenceNumber.toDecimal(0, 0, 0)).isEqualTo("0");
        assertThat(SequenceNumber.toDecimal(0, 0, 1_000_000_000L)).isEqualTo("1000000000");
    }

    @Test
    void rejectsWhatItDidNotMake() {
        assertThat(SequenceNumber.parse("0")).isNull();
        assertThat(SequenceNumber.parse("12345")).isNull();
        assertThat(SequenceNumber.parse("abc")).isNull();
        assertThat(SequenceNumber.parse("4".repeat(200))).isNull();
        assertThat(SequenceNumber.parse("")).isNull();
    }
}

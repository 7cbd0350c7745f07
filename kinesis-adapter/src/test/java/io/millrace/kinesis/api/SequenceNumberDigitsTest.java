package io.millrace.kinesis.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.kinesis.model.SequenceNumber;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SequenceNumberDigitsTest {

    private static String digits(long created, int shard, long offset, long recordSeconds) {
        SequenceNumberDigits digits = new SequenceNumberDigits(created, shard);
        int length = digits.write(offset, recordSeconds);
        return new String(digits.digits(), 0, length, StandardCharsets.US_ASCII);
    }

    @Test
    void writesWhatSequenceNumberFormats() {
        SplittableRandom random = new SplittableRandom(16);
        for (int i = 0; i < 100_000; i++) {
            long created = random.nextLong(0, 0x1_0000_0000L);
            int shard = random.nextInt(0, 0x100_0000);
            // Offsets of every magnitude, up to the largest Kafka offset.
            long offset = random.nextLong(0, Long.MAX_VALUE) >>> random.nextInt(63);
            long seconds = random.nextLong(0, 0x1_0000_0000L);
            assertThat(digits(created, shard, offset, seconds))
                    .as("created %d shard %d offset %d seconds %d", created, shard, offset, seconds)
                    .isEqualTo(SequenceNumber.format(created, shard, offset, seconds));
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
    void refusesWhatSequenceNumbersCannotHold() {
        assertThatThrownBy(() -> new SequenceNumberDigits(0, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SequenceNumberDigits(0, 0x1000000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SequenceNumberDigits(0, 0).write(-1, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package io.millrace.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HashKeysTest {

    @Test
    void bothRepresentationsReadTheDigestAsTheSameUnsignedNumber() throws Exception {
        // MD5("a") = 0cc175b9c0f1b6a831c399e269772661; MD5("b") starts with 0x92, so its top bit is set.
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        for (String key : new String[] {"a", "b", "partition-key-42"}) {
            byte[] digest = md5.digest(key.getBytes(StandardCharsets.UTF_8));
            BigInteger big = HashKeys.toBigInteger(digest);

            assertThat(big.signum()).isPositive();
            assertThat(big).isEqualTo(new BigInteger(HexFormat.of().formatHex(digest), 16));
            assertThat(BigInteger.valueOf(HashKeys.high(digest))
                            .and(mask64())
                            .shiftLeft(64)
                            .or(BigInteger.valueOf(HashKeys.low(digest)).and(mask64())))
                    .isEqualTo(big);
        }
    }

    @Test
    void shardStartsSplitTheHashSpaceEvenly() {
        BigInteger[] starts = HashKeys.startsAsBigIntegers(4);

        assertThat(starts[0]).isZero();
        assertThat(starts[1].toString(16)).isEqualTo("40000000000000000000000000000000");
        assertThat(starts[3].toString(16)).isEqualTo("c0000000000000000000000000000000");
    }

    @Test
    void bothSearchesPickTheSameShardForEveryKey() throws Exception {
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        SplittableRandom random = new SplittableRandom(7);
        for (int shards : new int[] {1, 3, 4, 512}) {
            BigInteger[] big = HashKeys.startsAsBigIntegers(shards);
            long[] longs = HashKeys.startsAsLongs(shards);
            for (int i = 0; i < 5_000; i++) {
                byte[] digest = md5.digest(Long.toString(random.nextLong()).getBytes(StandardCharsets.UTF_8));
                int expected = HashKeys.shardOf(big, HashKeys.toBigInteger(digest));

                assertThat(HashKeys.shardOf(longs, HashKeys.high(digest), HashKeys.low(digest)))
                        .isEqualTo(expected);
                assertThat(HashKeys.toBigInteger(digest)).isGreaterThanOrEqualTo(big[expected]);
                if (expected + 1 < shards) {
                    assertThat(HashKeys.toBigInteger(digest)).isLessThan(big[expected + 1]);
                }
            }
        }
    }

    @Test
    void rangeEdgesFallInTheRightShard() {
        long[] longs = HashKeys.startsAsLongs(2);

        assertThat(HashKeys.shardOf(longs, 0x7fffffffffffffffL, -1L)).isZero();
        assertThat(HashKeys.shardOf(longs, 0x8000000000000000L, 0L)).isEqualTo(1);
        assertThat(HashKeys.shardOf(longs, -1L, -1L)).isEqualTo(1);
    }

    private static BigInteger mask64() {
        return BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    }
}

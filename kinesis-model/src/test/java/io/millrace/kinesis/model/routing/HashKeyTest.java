package io.millrace.kinesis.model.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HashKeyTest {

    @Test
    void partitionKeyHashIsTheUnsignedMd5() throws Exception {
        Random random = new Random(42);
        for (int i = 0; i < 1000; i++) {
            String key = Long.toString(random.nextLong(), 36) + "é" + i;
            BigInteger expected =
                    new BigInteger(1, MessageDigest.getInstance("MD5").digest(key.getBytes(StandardCharsets.UTF_8)));
            assertThat(HashKey.ofPartitionKey(key).toBigInteger()).isEqualTo(expected);
        }
    }

    @Test
    void evenSplitMatchesAwsRanges() {
        List<HashKeyRange> four = HashKeyRange.evenSplit(4);
        assertThat(four.get(0).end().toDecimal()).isEqualTo("85070591730234615865843651857942052863");
        assertThat(four.get(1).start().toDecimal()).isEqualTo("85070591730234615865843651857942052864");
        assertThat(four.get(3).end()).isEqualTo(HashKey.MAX);
        assertThat(HashKeyRange.evenSplit(1)).containsExactly(new HashKeyRange(HashKey.MIN, HashKey.MAX));
    }

    @Test
    void routerFindsTheOwnerOfEveryKey() {
        List<HashKeyRange> ranges = HashKeyRange.evenSplit(7);
        ShardRouter router = new ShardRouter(java.util.stream.IntStream.range(0, 7)
                .mapToObj(i -> new ShardRouter.Route(i + 10, ranges.get(i)))
                .toList());
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            HashKey key = HashKey.of(new BigInteger(128, random));
            int shard = router.route(key);
            assertThat(ranges.get(shard - 10).contains(key)).isTrue();
        }
        assertThat(router.route(HashKey.MIN)).isEqualTo(10);
        assertThat(router.route(HashKey.MAX)).isEqualTo(16);
        assertThat(router.route(ranges.get(3).start())).isEqualTo(13);
        assertThat(router.route(ranges.get(3).end())).isEqualTo(13);
    }

    @Test
    void parsesDecimalKeysInRangeOnly() {
        assertThat(HashKey.parseDecimal("0")).isEqualTo(HashKey.MIN);
        assertThat(HashKey.parseDecimal(HashKey.MAX_VALUE.toString())).isEqualTo(HashKey.MAX);
        assertThat(HashKey.parseDecimal(HashKey.MAX_VALUE.add(BigInteger.ONE).toString()))
                .isNull();
        assertThat(HashKey.parseDecimal("-1")).isNull();
        assertThat(HashKey.parseDecimal("12x")).isNull();
    }
}

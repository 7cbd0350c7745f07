package io.millrace.kinesis.api;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.gateway.protocol.ApiException;
import org.junit.jupiter.api.Test;

/** Each default limit of UpdateShardCount on its own: all are LimitExceededException, as with AWS. */
class ScalingLimitsTest {

    private static void check(int open, int target, long scalingsToday) {
        ScalingLimits.check("s", "000000000000", open, target, scalingsToday);
    }

    private static void assertLimit(int open, int target, long scalingsToday, String wording) {
        assertThatThrownBy(() -> check(open, target, scalingsToday))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.type())
                                .isEqualTo("LimitExceededException"))
                .hasMessageContaining(wording);
    }

    @Test
    void atMostDoubleAndAtLeastHalf() {
        assertThatCode(() -> check(4, 8, 0)).doesNotThrowAnyException();
        assertThatCode(() -> check(4, 2, 0)).doesNotThrowAnyException();
        assertLimit(4, 9, 0, "double");
        assertLimit(5, 2, 0, "half");
    }

    @Test
    void notAboveTenThousandShards() {
        assertThatCode(() -> check(6_000, 10_000, 0)).doesNotThrowAnyException();
        assertLimit(6_000, 10_001, 0, "10000 shards per stream");
        assertLimit(3, 100_001, 0, "10000 shards per stream");
    }

    @Test
    void aStreamAboveTenThousandShardsOnlyScalesDownBelowTenThousand() {
        assertThatCode(() -> check(12_000, 9_999, 0)).doesNotThrowAnyException();
        assertLimit(12_000, 10_000, 0, "only be scaled down below 10000");
        assertLimit(10_001, 10_000, 0, "only be scaled down below 10000");
    }

    @Test
    void tenScalingsPerRollingDay() {
        assertThatCode(() -> check(2, 1, 9)).doesNotThrowAnyException();
        assertLimit(2, 1, 10, "already scaled 10 times");
    }
}

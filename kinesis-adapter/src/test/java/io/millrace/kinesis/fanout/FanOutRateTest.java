package io.millrace.kinesis.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.kinesis.throttle.ShardThroughputLimiter;
import io.millrace.kinesis.usage.ShardUsageTally;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Each consumer's 2 MiB/s per shard paces its subscription instead of failing it. */
class FanOutRateTest {

    private static FanOutRate rate(boolean enforced) {
        return new FanOutRate(
                new ShardThroughputLimiter(enforced, System::nanoTime),
                new ShardUsageTally(true),
                "s",
                "arn:aws:kinesis:us-east-1:000000000000:stream/s/consumer/c:1",
                0);
    }

    private static long millisToAcquire(FanOutRate rate, long bytes) throws InterruptedException {
        long start = System.nanoTime();
        rate.acquire(bytes);
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    @Test
    void aFullSecondGoesAtOnceThenTheNextWaitsForItsShare() throws InterruptedException {
        FanOutRate rate = rate(true);
        assertThat(millisToAcquire(rate, FanOutRate.BYTES_PER_SECOND)).isLessThan(100);
        // Half a second's worth after the bucket was emptied: about 500 ms.
        assertThat(millisToAcquire(rate, FanOutRate.BYTES_PER_SECOND / 2)).isBetween(400L, 1_500L);
    }

    @Test
    void offMeansNoPacing() throws InterruptedException {
        FanOutRate rate = rate(false);
        assertThat(millisToAcquire(rate, 10 * FanOutRate.BYTES_PER_SECOND)).isLessThan(100);
        assertThat(millisToAcquire(rate, 10 * FanOutRate.BYTES_PER_SECOND)).isLessThan(100);
    }
}

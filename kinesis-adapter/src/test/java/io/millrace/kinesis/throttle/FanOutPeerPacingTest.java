package io.millrace.kinesis.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * One consumer subscribed to one shard through two gateways at once (each gateway allows one subscription per
 * consumer and shard), both reading as fast as they are let, on one simulated clock: alone each paces its own
 * subscription at 2 MiB/s, so the consumer gets twice its rate; with their usage exchanged every 200 ms, the two
 * together stay within the bound the module's README states for the shard quotas.
 */
class FanOutPeerPacingTest {

    private static final long MIB = 1024 * 1024;
    private static final long RATE = 2 * MIB;
    private static final long CHUNK = 256 * 1024;
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long PUBLISH = TimeUnit.MILLISECONDS.toNanos(200);
    private static final int SECONDS = 20;
    private static final String CONSUMER = "arn:aws:kinesis:us-east-1:000000000000:stream/s/consumer/app:1";

    private final AtomicLong clock = new AtomicLong(Long.MAX_VALUE - SECOND);

    /** Bytes both gateways sent the consumer in {@link #SECONDS} seconds. */
    private long run(boolean exchange) {
        long start = clock.get();
        ShardThroughputLimiter[] gateways = {
            new ShardThroughputLimiter(true, clock::get), new ShardThroughputLimiter(true, clock::get)
        };
        long[] nextAttempt = {start, start};
        long[] unpublished = new long[2];
        long nextPublish = start + PUBLISH;
        long sent = 0;
        while (true) {
            int g = nextAttempt[0] - nextAttempt[1] <= 0 ? 0 : 1;
            long next = nextAttempt[g];
            if (next - nextPublish >= 0) {
                clock.set(nextPublish);
                if (exchange) {
                    for (int from = 0; from < 2; from++) {
                        gateways[1 - from].debitFanOutPeers("s", CONSUMER, 0, unpublished[from]);
                        unpublished[from] = 0;
                    }
                }
                nextPublish += PUBLISH;
                continue;
            }
            if (next - (start + SECONDS * SECOND) >= 0) {
                return sent;
            }
            clock.set(next);
            long wait = gateways[g].fanOutWaitNanos("s", CONSUMER, 0, CHUNK);
            if (wait == 0) {
                sent += CHUNK;
                unpublished[g] += CHUNK;
            } else {
                nextAttempt[g] = next + wait;
            }
        }
    }

    @Test
    void aloneEachGatewayPacesOnlyItsOwnSubscription() {
        // Each: a second's burst, then 2 MiB/s; together twice the consumer's rate.
        assertThat(run(false)).isBetween(2 * RATE * SECONDS, 2 * (RATE * SECONDS + RATE));
    }

    @Test
    void togetherTheConsumerGetsItsRateWithinTheBound() {
        long sent = run(true);
        // Any T seconds: at most R*T + B + (N-1)*(B + R*d), R = B = 2 MiB, N = 2, d = 0.2 s (README).
        assertThat(sent).isLessThanOrEqualTo((long) (RATE * (SECONDS + 1 + 1 + 0.2)));
        // And not less than its rate: pacing, not starving.
        assertThat(sent).isGreaterThanOrEqualTo(RATE * SECONDS);
    }

    @Test
    void anotherConsumerOnTheSameShardHasABudgetOfItsOwn() {
        ShardThroughputLimiter limiter = new ShardThroughputLimiter(true, clock::get);
        assertThat(limiter.fanOutWaitNanos("s", CONSUMER, 0, RATE)).isZero();
        assertThat(limiter.fanOutWaitNanos("s", CONSUMER, 0, CHUNK)).isPositive();
        assertThat(limiter.fanOutWaitNanos("s", CONSUMER + "0", 0, RATE)).isZero();
        assertThat(limiter.fanOutWaitNanos("s", CONSUMER, 1, RATE)).isZero();
        // What another gateway sent puts the consumer's budget in debt here: a wait of that many bytes' worth.
        limiter.debitFanOutPeers("s", CONSUMER, 1, RATE);
        assertThat(limiter.fanOutWaitNanos("s", CONSUMER, 1, CHUNK)).isEqualTo(SECOND + SECOND * CHUNK / RATE);
    }
}

package io.millrace.kinesis.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Two gateways' limiters on one clock, exchanging what they admitted every 200 ms as the usage exchange does: a
 * writer alternating between them at 1.5 times a shard's write quota. Each would admit its half alone; together
 * they admit the quota, within the bound the README states.
 */
class PeerUsageTest {

    private static final long MIB = 1024 * 1024;
    private static final long MILLI = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int RECORD = 9_800;
    private static final int RECORDS_PER_TICK = 16; // every 100 ms: 156,800 bytes, about 1.5 MiB/s
    private static final int PUBLISH_TICKS = 2; // 200 ms

    private final AtomicLong clock = new AtomicLong(Long.MAX_VALUE - TimeUnit.SECONDS.toNanos(1));

    /** Bytes admitted by both gateways in each 100 ms tick of {@code seconds}. */
    private long[] run(int seconds, boolean exchange) {
        ShardThroughputLimiter[] gateways = {
            new ShardThroughputLimiter(true, clock::get), new ShardThroughputLimiter(true, clock::get)
        };
        long[] unpublishedRecords = new long[2];
        long[] unpublishedBytes = new long[2];
        long[] admitted = new long[seconds * 10];
        for (int tick = 0; tick < admitted.length; tick++) {
            int g = tick % 2;
            for (int r = 0; r < RECORDS_PER_TICK; r++) {
                if (gateways[g].tryWrite("s", 0, RECORD)) {
                    admitted[tick] += RECORD;
                    unpublishedRecords[g]++;
                    unpublishedBytes[g] += RECORD;
                }
            }
            clock.addAndGet(100 * MILLI);
            if (exchange && tick % PUBLISH_TICKS == PUBLISH_TICKS - 1) {
                for (int from = 0; from < 2; from++) {
                    gateways[1 - from].debitPeers("s", 0, unpublishedRecords[from], unpublishedBytes[from], 0, 0);
                    unpublishedRecords[from] = 0;
                    unpublishedBytes[from] = 0;
                }
            }
        }
        return admitted;
    }

    private static long sum(long[] ticks, int from, int to) {
        long total = 0;
        for (int i = from; i < to; i++) {
            total += ticks[i];
        }
        return total;
    }

    @Test
    void aloneEachGatewayAdmitsItsHalf() {
        long[] admitted = run(10, false);
        assertThat(sum(admitted, 0, admitted.length)).isEqualTo(100L * RECORDS_PER_TICK * RECORD);
    }

    @Test
    void togetherTheyAdmitTheShardQuotaWithinTheBound() {
        long[] admitted = run(10, true);
        long total = sum(admitted, 0, admitted.length);
        // Any T seconds: at most R*T + B + (N-1)*(B + R*d), R = B = 1 MiB, N = 2, d = 0.2 s (README).
        assertThat(total).isLessThanOrEqualTo((long) (MIB * (10 + 1 + 1 + 0.2)));
        assertThat(total).isLessThan(100L * RECORDS_PER_TICK * RECORD);
        // Once the bursts are spent, the shard takes its quota: not less, and more only by the late usage.
        long lastFive = sum(admitted, 50, 100);
        assertThat(lastFive).isBetween(5 * MIB - 2 * RECORDS_PER_TICK * RECORD, (long) (MIB * (5 + 0.2)));
    }

    @Test
    void peersGetRecordsCallsAndBytesUseTheShardsReadQuota() {
        ShardThroughputLimiter limiter = new ShardThroughputLimiter(true, clock::get);
        limiter.debitPeers("s", 0, 0, 0, 5, 0);
        assertThat(limiter.tryGetRecordsCall("s", 0)).isFalse();
        clock.addAndGet(200 * MILLI); // 5 calls a second: one more allowed
        assertThat(limiter.tryGetRecordsCall("s", 0)).isTrue();

        limiter.debitPeers("s", 1, 0, 0, 0, 4 * MIB); // two seconds of reading
        assertThat(limiter.readBudgetAvailable("s", 1)).isFalse();
        clock.addAndGet(2_000 * MILLI);
        assertThat(limiter.readBudgetAvailable("s", 1)).isTrue();
    }

    @Test
    void peersWritesLeaveADebtRepaidAtTheQuotaRate() {
        ShardThroughputLimiter limiter = new ShardThroughputLimiter(true, clock::get);
        limiter.debitPeers("s", 0, 0, 2 * MIB, 0, 0); // a full burst and a second beyond it
        assertThat(limiter.tryWrite("s", 0, 1)).isFalse();
        clock.addAndGet(990 * MILLI);
        assertThat(limiter.tryWrite("s", 0, 1)).isFalse();
        clock.addAndGet(20 * MILLI);
        assertThat(limiter.tryWrite("s", 0, 1)).isTrue();
    }

    @Test
    void withoutEnforcementPeersChangeNothing() {
        ShardThroughputLimiter limiter = new ShardThroughputLimiter(false, clock::get);
        limiter.debitPeers("s", 0, 10_000, 100 * MIB, 100, 100 * MIB);
        assertThat(limiter.tryWrite("s", 0, 1)).isTrue();
        assertThat(limiter.tryGetRecordsCall("s", 0)).isTrue();
    }
}

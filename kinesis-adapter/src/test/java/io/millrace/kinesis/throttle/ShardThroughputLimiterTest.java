package io.millrace.kinesis.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class ShardThroughputLimiterTest {

    private static final long MIB = 1024 * 1024;
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    // Like System.nanoTime, the clock may be anywhere, even about to overflow: this one wraps a second in.
    private final AtomicLong clock = new AtomicLong(Long.MAX_VALUE - SECOND);
    private final ShardThroughputLimiter limiter = new ShardThroughputLimiter(true, clock::get);

    private void advance(long nanos) {
        clock.addAndGet(nanos);
    }

    private static int admitted(int attempts, BooleanSupplier call) {
        int admitted = 0;
        for (int i = 0; i < attempts; i++) {
            if (call.getAsBoolean()) {
                admitted++;
            }
        }
        return admitted;
    }

    @Test
    void thousandRecordsPerSecondThenRefused() {
        assertThat(admitted(1_000, () -> limiter.tryWrite("s", 0, 10))).isEqualTo(1_000);
        assertThat(limiter.tryWrite("s", 0, 10)).isFalse();
    }

    @Test
    void recordSlotsRefillWithTime() {
        admitted(1_000, () -> limiter.tryWrite("s", 0, 1));
        assertThat(limiter.tryWrite("s", 0, 1)).isFalse();

        advance(TimeUnit.MILLISECONDS.toNanos(10)); // 1,000/s refills 10 slots in 10 ms
        assertThat(admitted(20, () -> limiter.tryWrite("s", 0, 1))).isEqualTo(10);

        advance(5 * SECOND); // idle time saves up one second at most
        assertThat(admitted(2_000, () -> limiter.tryWrite("s", 0, 1))).isEqualTo(1_000);
    }

    @Test
    void oneMebibytePerSecondOfBytes() {
        // 256 records of 4 KiB = 1 MiB: bytes bind long before the 1,000 records do.
        assertThat(admitted(256, () -> limiter.tryWrite("s", 0, 4_096))).isEqualTo(256);
        assertThat(limiter.tryWrite("s", 0, 4_096)).isFalse();
        assertThat(limiter.tryWrite("s", 0, 1)).isFalse();

        advance(SECOND / 2);
        assertThat(admitted(1_000, () -> limiter.tryWrite("s", 0, 4_096))).isEqualTo(128);
    }

    @Test
    void everySingleByteOfTheMebibyteCounts() {
        // Exact arithmetic: 1 MiB/s is not a whole number of nanoseconds per byte, yet 1 MiB fits in one second.
        assertThat(limiter.tryWrite("s", 0, (int) MIB - 1)).isTrue();
        assertThat(limiter.tryWrite("s", 0, 1)).isTrue();
        assertThat(limiter.tryWrite("s", 0, 1)).isFalse();

        advance(SECOND);
        assertThat(limiter.tryWrite("s", 0, (int) MIB)).isTrue();
        assertThat(limiter.tryWrite("s", 0, 1)).isFalse();
    }

    @Test
    void refusedWriteDebitsNothing() {
        assertThat(limiter.tryWrite("s", 0, (int) MIB - 100)).isTrue();
        // Refused for bytes: must not use up one of the 1,000 record slots.
        assertThat(admitted(500, () -> limiter.tryWrite("s", 0, 200))).isZero();
        assertThat(admitted(999, () -> limiter.tryWrite("s", 0, 0))).isEqualTo(999);
        assertThat(limiter.tryWrite("s", 0, 0)).isFalse();
    }

    @Test
    void largeRecordNeedsAFullBucketAndLeavesADebt() {
        // Records up to 10 MiB burst beyond 1 MiB/s, then the shard returns to its baseline rate.
        assertThat(limiter.tryWrite("s", 0, 1)).isTrue();
        assertThat(limiter.tryWrite("s", 0, (int) (5 * MIB)))
                .as("bucket not full")
                .isFalse();

        advance(SECOND);
        assertThat(limiter.tryWrite("s", 0, (int) (5 * MIB))).isTrue();
        // 4 MiB of debt takes 4 seconds to repay before even a byte passes.
        advance(4 * SECOND - 1);
        assertThat(limiter.tryWrite("s", 0, 1)).isFalse();
        advance(TimeUnit.MILLISECONDS.toNanos(1));
        assertThat(limiter.tryWrite("s", 0, 1)).isTrue();
    }

    @Test
    void fiveGetRecordsCallsPerSecond() {
        assertThat(admitted(5, () -> limiter.tryGetRecordsCall("s", 0))).isEqualTo(5);
        assertThat(limiter.tryGetRecordsCall("s", 0)).isFalse();

        advance(TimeUnit.MILLISECONDS.toNanos(199));
        assertThat(limiter.tryGetRecordsCall("s", 0)).isFalse();
        advance(TimeUnit.MILLISECONDS.toNanos(1));
        assertThat(limiter.tryGetRecordsCall("s", 0)).isTrue();
        assertThat(limiter.tryGetRecordsCall("s", 0)).isFalse();
    }

    @Test
    void tenMebibyteReadBlocksReadsForFiveSeconds() {
        assertThat(limiter.readBudgetAvailable("s", 0)).isTrue();
        limiter.recordRead("s", 0, 10 * MIB);

        assertThat(limiter.readBudgetAvailable("s", 0)).isFalse();
        advance(4 * SECOND);
        assertThat(limiter.readBudgetAvailable("s", 0)).isFalse();
        advance(SECOND - 1);
        assertThat(limiter.readBudgetAvailable("s", 0)).isFalse();
        advance(1);
        assertThat(limiter.readBudgetAvailable("s", 0)).isTrue();
    }

    @Test
    void readsAtTwoMebibytesPerSecondKeepFlowing() {
        // A consumer reading 400 KiB five times a second stays exactly within 2 MiB/s and is never refused.
        for (int i = 0; i < 50; i++) {
            assertThat(limiter.tryGetRecordsCall("s", 0)).isTrue();
            assertThat(limiter.readBudgetAvailable("s", 0)).as("read %d", i).isTrue();
            limiter.recordRead("s", 0, 2 * MIB / 5);
            advance(SECOND / 5);
        }
        // Twice that rate falls behind.
        limiter.recordRead("s", 0, 4 * MIB / 5);
        advance(SECOND / 5);
        assertThat(limiter.readBudgetAvailable("s", 0)).isFalse();
    }

    @Test
    void shardsAndStreamsAreIndependent() {
        admitted(1_000, () -> limiter.tryWrite("a", 0, 1));
        admitted(5, () -> limiter.tryGetRecordsCall("a", 0));
        limiter.recordRead("a", 0, 10 * MIB);

        assertThat(limiter.tryWrite("a", 0, 1)).isFalse();
        assertThat(limiter.tryWrite("a", 1, 1)).isTrue();
        assertThat(limiter.tryWrite("b", 0, 1)).isTrue();
        assertThat(limiter.tryWrite("a", 7, 1)).isTrue(); // a shard far beyond the ones seen so far
        assertThat(limiter.tryGetRecordsCall("a", 1)).isTrue();
        assertThat(limiter.tryGetRecordsCall("b", 0)).isTrue();
        assertThat(limiter.readBudgetAvailable("a", 1)).isTrue();
        assertThat(limiter.readBudgetAvailable("b", 0)).isTrue();
        // Reads and writes of the same shard are separate quotas.
        assertThat(limiter.readBudgetAvailable("a", 0)).isFalse();
        assertThat(limiter.tryWrite("a", 2, 1)).isTrue();
    }

    @Test
    void forgottenStreamStartsAfreshWhenRecreated() {
        admitted(1_000, () -> limiter.tryWrite("s", 0, 1));
        limiter.recordRead("s", 0, 10 * MIB);
        limiter.forget("s");

        assertThat(limiter.tryWrite("s", 0, 1)).isTrue();
        assertThat(limiter.readBudgetAvailable("s", 0)).isTrue();
    }

    @Test
    void notEnforcedAllowsEverything() {
        ShardThroughputLimiter open = new ShardThroughputLimiter(false, clock::get);
        assertThat(admitted(100_000, () -> open.tryWrite("s", 0, (int) MIB))).isEqualTo(100_000);
        assertThat(admitted(1_000, () -> open.tryGetRecordsCall("s", 0))).isEqualTo(1_000);
        open.recordRead("s", 0, 100 * MIB);
        assertThat(open.readBudgetAvailable("s", 0)).isTrue();
    }

    @Test
    void rejectsNegativeArguments() {
        assertThatThrownBy(() -> limiter.tryWrite("s", -1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> limiter.tryWrite("s", 0, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> limiter.recordRead("s", 0, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentCallersNeverOverAdmit() throws Exception {
        // The clock stands still, so exactly one second's quota may pass, however the threads interleave. Each round
        // uses a fresh stream so that the first calls also race to create the shard's budgets.
        // As many spinning threads as cores (at least two): more would only wait for a time slice.
        int threads = Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 50; round++) {
                String stream = "race-" + round;
                assertThat(race(pool, threads, 2_000, () -> limiter.tryWrite(stream, 3, 1)))
                        .as("records, round %d", round)
                        .isEqualTo(1_000);
                // 4 KiB records: the byte quota binds at 256 while refused records must not eat record slots.
                assertThat(race(pool, threads, 2_000, () -> limiter.tryWrite(stream, 4, 4_096)))
                        .as("bytes, round %d", round)
                        .isEqualTo(256);
                assertThat(race(pool, threads, 100, () -> limiter.tryGetRecordsCall(stream, 3)))
                        .as("calls, round %d", round)
                        .isEqualTo(5);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Runs {@code call} from several threads released at the same instant: they spin on a flag rather than wait on a
     * latch, because waking parked threads takes longer than a whole burst of admissions.
     */
    private static long race(ExecutorService pool, int threads, int attemptsPerThread, BooleanSupplier call)
            throws Exception {
        CountDownLatch ready = new CountDownLatch(threads);
        AtomicBoolean go = new AtomicBoolean();
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Callable<Integer> task = () -> {
                ready.countDown();
                while (!go.get()) {
                    Thread.onSpinWait();
                }
                return admitted(attemptsPerThread, call);
            };
            results.add(pool.submit(task));
        }
        ready.await();
        go.set(true);
        long total = 0;
        for (Future<Integer> result : results) {
            total += result.get(30, TimeUnit.SECONDS);
        }
        return total;
    }
}

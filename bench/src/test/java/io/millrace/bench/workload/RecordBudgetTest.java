package io.millrace.bench.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RecordBudgetTest {

    @Test
    void threadsTogetherClaimExactlyTheRecordCount() throws Exception {
        RecordBudget budget = new RecordBudget(Duration.ofHours(1), 10_007);
        AtomicLong claimed = new AtomicLong();
        Thread[] threads = new Thread[8];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                int n;
                while ((n = budget.claim(100)) > 0) {
                    assertThat(n).isBetween(1, 100);
                    claimed.addAndGet(n);
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }

        assertThat(claimed.get()).isEqualTo(10_007);
        assertThat(budget.claim(1)).isZero();
    }

    @Test
    void lastClaimIsTrimmedToWhatIsLeft() {
        RecordBudget budget = new RecordBudget(Duration.ofHours(1), 250);

        assertThat(budget.claim(100)).isEqualTo(100);
        assertThat(budget.claim(100)).isEqualTo(100);
        assertThat(budget.claim(100)).isEqualTo(50);
        assertThat(budget.claim(100)).isZero();
    }

    @Test
    void passedDeadlineStopsAnUnlimitedBudget() {
        RecordBudget budget = new RecordBudget(Duration.ZERO, 0);

        assertThat(budget.expired()).isTrue();
        assertThat(budget.claim(100)).isZero();
    }

    @Test
    void aRateMakesEachClaimWaitForItsFirstRecordsTurn() {
        FakeClock clock = new FakeClock();
        // 1,000 records/s: one every millisecond from the budget's creation.
        RecordBudget budget = new RecordBudget(Duration.ofSeconds(1), 0, 1_000, clock::now, clock::sleep);

        assertThat(budget.claim(10)).isEqualTo(10);
        assertThat(clock.now()).as("the first claim is due at once").isZero();
        assertThat(budget.claim(10)).isEqualTo(10);
        assertThat(clock.now())
                .as("the next waits for the 10 records before it")
                .isEqualTo(10_000_000L);
        assertThat(budget.claim(5)).isEqualTo(5);
        assertThat(clock.now()).isEqualTo(20_000_000L);
    }

    @Test
    void aPacedWriterThatFellBehindIsNotHeldBack() {
        FakeClock clock = new FakeClock();
        RecordBudget budget = new RecordBudget(Duration.ofSeconds(1), 0, 1_000, clock::now, clock::sleep);
        budget.claim(1);
        clock.advance(50_000_000L);

        assertThat(budget.claim(20)).isEqualTo(20);
        assertThat(budget.claim(20)).isEqualTo(20);
        assertThat(clock.now()).as("both claims were overdue: neither waited").isEqualTo(50_000_000L);
        assertThat(clock.sleeps).isZero();
    }

    @Test
    void aPacedClaimDueAfterTheDeadlineStopsAtOnce() {
        FakeClock clock = new FakeClock();
        RecordBudget budget = new RecordBudget(Duration.ofMillis(100), 0, 100, clock::now, clock::sleep);

        assertThat(budget.claim(5)).isEqualTo(5);
        assertThat(budget.claim(5)).as("due at 50 ms, inside the run").isEqualTo(5);
        assertThat(budget.claim(5)).as("due at 100 ms, the deadline").isZero();
        assertThat(clock.now()).as("it did not sleep until the deadline").isEqualTo(50_000_000L);
    }

    /** A clock that only moves when slept on or advanced. */
    private static final class FakeClock {
        private long now;
        private int sleeps;

        long now() {
            return now;
        }

        void sleep(long nanos) {
            sleeps++;
            now += nanos;
        }

        void advance(long nanos) {
            now += nanos;
        }
    }
}

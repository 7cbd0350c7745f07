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
}

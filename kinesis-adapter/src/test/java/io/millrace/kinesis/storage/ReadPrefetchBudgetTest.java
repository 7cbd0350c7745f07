package io.millrace.kinesis.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReadPrefetchBudgetTest {

    private static final int MIB = 1024 * 1024;

    @Test
    void leasesWhatIsWantedWhileTheBudgetLasts() {
        ReadPrefetchBudget budget = new ReadPrefetchBudget(16L * MIB);
        assertThat(budget.lease(4 * MIB)).isEqualTo(4 * MIB);
        assertThat(budget.lease(10 * MIB)).isEqualTo(10 * MIB);
        // Only 2 MiB are left: the third reader gets them, not the 4 it wanted.
        assertThat(budget.lease(4 * MIB)).isEqualTo(2 * MIB);
        assertThat(budget.leased()).isEqualTo(16L * MIB);
    }

    @Test
    void aReaderBeyondTheBudgetFetchesTheFloor() {
        ReadPrefetchBudget budget = new ReadPrefetchBudget(MIB);
        assertThat(budget.lease(MIB)).isEqualTo(MIB);
        assertThat(budget.lease(MIB)).isEqualTo(ReadPrefetchBudget.FLOOR);
        assertThat(budget.lease(100)).isEqualTo(ReadPrefetchBudget.FLOOR);
    }

    @Test
    void releasedSharesAreLeasedAgain() {
        ReadPrefetchBudget budget = new ReadPrefetchBudget(4L * MIB);
        int first = budget.lease(4 * MIB);
        assertThat(budget.lease(4 * MIB)).isEqualTo(ReadPrefetchBudget.FLOOR);
        budget.release(first);
        assertThat(budget.leased()).isEqualTo(ReadPrefetchBudget.FLOOR);
        assertThat(budget.lease(4 * MIB)).isEqualTo(4 * MIB - ReadPrefetchBudget.FLOOR);
    }

    @Test
    void refusesABudgetBelowOneFetch() {
        assertThatThrownBy(() -> new ReadPrefetchBudget(1000)).isInstanceOf(IllegalArgumentException.class);
    }
}

package io.millrace.bench.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeliveryTrackerTest {

    private final List<Long> latencies = new ArrayList<>();
    private final DeliveryTracker tracker = new DeliveryTracker(latencies::add);

    @Test
    void latencyRunsFromTheBatchAcknowledgementToTheRecordSeenInS3() {
        tracker.acked(7, new int[] {0, 1}, 1_000);
        tracker.delivered(7, 1, 5_000);
        tracker.delivered(7, 0, 9_000);

        assertThat(latencies).containsExactly(4_000L, 8_000L);
        assertThat(tracker.ackedCount()).isEqualTo(2);
        assertThat(tracker.deliveredAckedCount()).isEqualTo(2);
    }

    @Test
    void aRecordFoundTwiceIsADuplicateAndCountsOnce() {
        tracker.acked(1, new int[] {0}, 0);
        tracker.delivered(1, 0, 10);
        tracker.delivered(1, 0, 20);

        assertThat(tracker.duplicateCount()).isEqualTo(1);
        assertThat(tracker.deliveredAckedCount()).isEqualTo(1);
        assertThat(latencies).containsExactly(10L);
    }

    @Test
    void aRecordSeenBeforeItsAcknowledgementCountsAsVisibleAtOnce() {
        tracker.delivered(3, 0, 100);
        assertThat(tracker.unacknowledgedCount()).isEqualTo(1);

        tracker.acked(3, new int[] {0}, 500);

        assertThat(tracker.unacknowledgedCount()).isZero();
        assertThat(tracker.deliveredAckedCount()).isEqualTo(1);
        assertThat(latencies).containsExactly(0L);
    }

    @Test
    void refusedEntriesOfABatchAreNotExpected() {
        tracker.acked(4, new int[] {0, 2}, 0);
        tracker.delivered(4, 0, 1);

        assertThat(tracker.ackedCount()).isEqualTo(2);
        assertThat(tracker.deliveredAckedCount()).isEqualTo(1);
    }

    @Test
    void recordsOfAFailedCallThatWereStoredAnywayAreReportedUnacknowledged() {
        tracker.delivered(9, 0, 1);
        tracker.delivered(9, 1, 1);

        assertThat(tracker.unacknowledgedCount()).isEqualTo(2);
        assertThat(tracker.deliveredAckedCount()).isZero();
        assertThat(latencies).isEmpty();
    }
}

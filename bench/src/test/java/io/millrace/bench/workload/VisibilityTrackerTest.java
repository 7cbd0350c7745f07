package io.millrace.bench.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VisibilityTrackerTest {

    private final List<Long> latencies = new ArrayList<>();
    private final VisibilityTracker tracker = new VisibilityTracker(latencies::add);

    @Test
    void latencyRunsFromAcknowledgementToReceipt() {
        tracker.acked(1, 1_000);
        tracker.received(1, 4_500);

        assertThat(latencies).containsExactly(3_500L);
        assertThat(tracker.ackedCount()).isEqualTo(1);
        assertThat(tracker.resolvedCount()).isEqualTo(1);
    }

    @Test
    void recordReadBeforeItsAcknowledgementCountsAsImmediatelyVisible() {
        tracker.received(7, 2_000);
        tracker.acked(7, 2_600);

        assertThat(latencies).containsExactly(0L);
        assertThat(tracker.resolvedCount()).isEqualTo(1);
    }

    @Test
    void duplicatesKeepTheFirstEvent() {
        tracker.acked(3, 100);
        tracker.acked(3, 900);
        tracker.received(3, 1_100);
        tracker.received(3, 5_000);

        assertThat(latencies).containsExactly(1_000L);
        assertThat(tracker.resolvedCount()).isEqualTo(1);
    }

    @Test
    void unreadRecordsStayOpen() {
        tracker.acked(1, 10);
        tracker.acked(2, 20);
        tracker.received(2, 50);

        assertThat(tracker.ackedCount()).isEqualTo(2);
        assertThat(tracker.resolvedCount()).isEqualTo(1);
        assertThat(latencies).containsExactly(30L);
    }
}

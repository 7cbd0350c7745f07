package io.millrace.firehose.opensearch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class IndexRotationTest {
    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void awsDocumentedExampleForEachPeriod() {
        long arrival = at("2016-02-25T13:00:00Z");
        assertThat(IndexRotation.NoRotation.index("myindex", arrival)).isEqualTo("myindex");
        assertThat(IndexRotation.OneHour.index("myindex", arrival)).isEqualTo("myindex-2016-02-25-13");
        assertThat(IndexRotation.OneDay.index("myindex", arrival)).isEqualTo("myindex-2016-02-25");
        assertThat(IndexRotation.OneWeek.index("myindex", arrival)).isEqualTo("myindex-2016-w08");
        assertThat(IndexRotation.OneMonth.index("myindex", arrival)).isEqualTo("myindex-2016-02");
    }

    @Test
    void weeksStartOnSundayAndTheFirstIsTheFirstWholeOne() {
        // 2026-12-07 is a Monday; 2026 began on a Thursday, its first Sunday is January 4.
        assertThat(IndexRotation.OneWeek.index("i", at("2026-12-07T08:00:00Z"))).isEqualTo("i-2026-w49");
        assertThat(IndexRotation.OneWeek.index("i", at("2026-12-06T00:00:00Z"))).isEqualTo("i-2026-w49");
        assertThat(IndexRotation.OneWeek.index("i", at("2026-12-05T23:59:59Z"))).isEqualTo("i-2026-w48");
        assertThat(IndexRotation.OneWeek.index("i", at("2026-01-04T00:00:00Z"))).isEqualTo("i-2026-w01");
        // The days before the first Sunday belong to the last week of the year before.
        assertThat(IndexRotation.OneWeek.index("i", at("2026-01-03T12:00:00Z"))).isEqualTo("i-2025-w52");
    }

    @Test
    void theHourAndDayAreUtc() {
        assertThat(IndexRotation.OneHour.index("logs", at("2026-12-07T08:59:59.999Z")))
                .isEqualTo("logs-2026-12-07-08");
        assertThat(IndexRotation.OneDay.index("logs", at("2026-12-07T23:30:00Z")))
                .isEqualTo("logs-2026-12-07");
    }
}

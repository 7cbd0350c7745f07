package io.millrace.cloudtrail.trail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What the trail topic holds reads back as the trail and status that were written, nulls and selectors included. */
class TrailRecordsTest {

    private static final Trail.TrailId ID = new Trail.TrailId(
            "audit", "inc-1", "arn:aws:cloudtrail:us-east-1:000000000000:trail/audit", "000000000000", "us-east-1");

    @Test
    void aNewTrailReadsBackAsWritten() throws Exception {
        Trail created = Trail.created(ID, new Trail.Destination("logs", null, true, false));

        assertThat(TrailRecords.trail(TrailRecords.encode(created))).isEqualTo(created);
    }

    @Test
    void aTrailWithSelectorsAndALoggingPeriodReadsBackAsWritten() throws Exception {
        Trail trail = Trail.created(ID, new Trail.Destination("logs", "prod/", false, true))
                .withSelectors(List.of(
                        new EventSelector(
                                EventSelector.WRITE_ONLY,
                                false,
                                List.of(new EventSelector.DataResource(
                                        "AWS::Kinesis::Stream",
                                        List.of("arn:aws:kinesis:us-east-1:000000000000:stream/orders")))),
                        new EventSelector(EventSelector.ALL, true, List.of())))
                .started(1_000L)
                .stopped(2_000L)
                .withVersion(7);

        Trail read = TrailRecords.trail(TrailRecords.encode(trail));

        assertThat(read).isEqualTo(trail);
        assertThat(read.logs(1_500L)).isTrue();
        assertThat(read.logs(2_500L)).isFalse();
    }

    @Test
    void aStatusReadsBackAsWritten() throws Exception {
        TrailStatus first = new TrailStatus("audit", "inc-1", 0L, null, null, null);
        TrailStatus failed = first.attempted(5_000L, "NoSuchBucket");

        assertThat(TrailRecords.status(TrailRecords.encode(first))).isEqualTo(first);
        assertThat(TrailRecords.status(TrailRecords.encode(failed))).isEqualTo(failed);
    }
}

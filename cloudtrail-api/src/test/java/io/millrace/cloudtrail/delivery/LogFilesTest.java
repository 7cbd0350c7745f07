package io.millrace.cloudtrail.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.cloudtrail.trail.Trail;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** CloudTrail's log file keys, named from the first event alone so that a replayed delivery overwrites its file. */
class LogFilesTest {

    private static final long FIRST_EVENT =
            Instant.parse("2026-12-07T05:09:59.900Z").toEpochMilli();

    @Test
    void namesAFileAsCloudTrailDoesFromItsFirstEvent() {
        assertThat(LogFiles.key(trail(null), 1, 0xa4, FIRST_EVENT))
                .isEqualTo("AWSLogs/123456789012/CloudTrail/eu-west-1/2026/12/07/"
                        + "123456789012_CloudTrail_eu-west-1_20261207T0509Z_00010000000000a4.json.gz");
    }

    @Test
    void putsTheTrailsPrefixFirst() {
        assertThat(LogFiles.key(trail("audit/prod"), 0, 7, FIRST_EVENT))
                .startsWith("audit/prod/AWSLogs/123456789012/CloudTrail/eu-west-1/2026/12/07/")
                .endsWith("_0000000000000007.json.gz");
    }

    @Test
    void theSameFirstEventGivesTheSameKey() {
        assertThat(LogFiles.key(trail(null), 2, 99, FIRST_EVENT))
                .isEqualTo(LogFiles.key(trail(null), 2, 99, FIRST_EVENT));
        assertThat(LogFiles.key(trail(null), 2, 99, FIRST_EVENT))
                .isNotEqualTo(LogFiles.key(trail(null), 2, 100, FIRST_EVENT));
    }

    private static Trail trail(String prefix) {
        return Trail.created(
                        new Trail.TrailId(
                                "audit",
                                "i-1",
                                "arn:aws:cloudtrail:eu-west-1:123456789012:trail/audit",
                                "123456789012",
                                "eu-west-1"),
                        new Trail.Destination("bucket", prefix, true, false))
                .started(FIRST_EVENT);
    }
}

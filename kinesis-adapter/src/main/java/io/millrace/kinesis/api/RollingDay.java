package io.millrace.kinesis.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * AWS counts some changes per stream over a rolling 24 hours (UpdateShardCount, capacity mode switches): the
 * stream's metadata keeps the times of the changes, and only those of the last day matter or are kept.
 */
final class RollingDay {

    private static final long DAY_MILLIS = Duration.ofHours(24).toMillis();

    private RollingDay() {}

    /** The changes of the last 24 hours before {@code now}. */
    static List<Long> within(List<Long> times, long now) {
        return times.stream().filter(t -> t > now - DAY_MILLIS).toList();
    }

    /** The changes of the last 24 hours, then one more at {@code now}: what the metadata keeps after a change. */
    static List<Long> plus(List<Long> times, long now) {
        List<Long> recent = new ArrayList<>(within(times, now));
        recent.add(now);
        return recent;
    }
}

package io.millrace.firehose.opensearch;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.WeekFields;

/**
 * IndexRotationPeriod: the part of a record's UTC arrival time Firehose appends to IndexName. AWS's example for
 * 2016-02-25T13:00:00Z is myindex-2016-02-25-13, myindex-2016-02-25, myindex-2016-w08 and myindex-2016-02 ("Configure
 * index rotation for OpenSearch Service", Amazon Data Firehose developer guide).
 *
 * <p>Weeks follow the US convention that page names (they start on Sunday). Week 1 is the first whole week of the
 * year: that is the numbering under which AWS's example falls in week 08 (2016 began on a Friday; counting the days
 * before the first Sunday as a week of their own would make it week 09). Those days belong to the last week of the
 * year before, whose year the suffix then names.
 */
public enum IndexRotation {
    NoRotation(null),
    OneHour(DateTimeFormatter.ofPattern("'-'uuuu-MM-dd-HH")),
    OneDay(DateTimeFormatter.ofPattern("'-'uuuu-MM-dd")),
    OneWeek(null),
    OneMonth(DateTimeFormatter.ofPattern("'-'uuuu-MM"));

    private static final WeekFields SUNDAY_WHOLE_WEEKS = WeekFields.of(DayOfWeek.SUNDAY, 7);

    private final DateTimeFormatter suffix;

    IndexRotation(DateTimeFormatter suffix) {
        this.suffix = suffix;
    }

    /** The index a record that arrived at {@code arrivalMillis} goes to. */
    public String index(String indexName, long arrivalMillis) {
        ZonedDateTime time = Instant.ofEpochMilli(arrivalMillis).atZone(ZoneOffset.UTC);
        return switch (this) {
            case NoRotation -> indexName;
            case OneWeek ->
                String.format(
                        "%s-%d-w%02d",
                        indexName,
                        time.get(SUNDAY_WHOLE_WEEKS.weekBasedYear()),
                        time.get(SUNDAY_WHOLE_WEEKS.weekOfWeekBasedYear()));
            default -> indexName + suffix.format(time);
        };
    }
}

package io.millrace.analytics.source;

import java.io.Serializable;

/**
 * Where a source starts in the shards that exist when the job starts, as GetShardIterator's types do: the oldest
 * record kept (TRIM_HORIZON), the tip (LATEST) or the first record at or after a time (AT_TIMESTAMP). Shards a
 * reshard adds later are always read from their first record, so nothing written to them is missed.
 */
public record StartingPosition(Kind kind, long timestampMillis) implements Serializable {

    public enum Kind {
        TRIM_HORIZON,
        LATEST,
        AT_TIMESTAMP
    }

    public static StartingPosition trimHorizon() {
        return new StartingPosition(Kind.TRIM_HORIZON, -1);
    }

    public static StartingPosition latest() {
        return new StartingPosition(Kind.LATEST, -1);
    }

    public static StartingPosition atTimestamp(long epochMillis) {
        return new StartingPosition(Kind.AT_TIMESTAMP, epochMillis);
    }
}

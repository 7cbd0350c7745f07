package io.millrace.analytics.source;

import java.io.Serializable;

/**
 * Where a bounded source stops: at the tip of every shard as of job start (LATEST), or before the first record at
 * or after a time (AT_TIMESTAMP). An unbounded source never stops and follows reshards.
 */
public record StoppingPosition(Kind kind, long timestampMillis) implements Serializable {

    public enum Kind {
        UNBOUNDED,
        LATEST,
        AT_TIMESTAMP
    }

    public static StoppingPosition unbounded() {
        return new StoppingPosition(Kind.UNBOUNDED, -1);
    }

    public static StoppingPosition latest() {
        return new StoppingPosition(Kind.LATEST, -1);
    }

    public static StoppingPosition atTimestamp(long epochMillis) {
        return new StoppingPosition(Kind.AT_TIMESTAMP, epochMillis);
    }

    public boolean bounded() {
        return kind != Kind.UNBOUNDED;
    }
}

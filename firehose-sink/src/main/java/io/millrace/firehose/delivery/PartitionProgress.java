package io.millrace.firehose.delivery;

import java.util.NavigableMap;

/**
 * One Kafka partition's progress through the delivery. A segment is the run of offsets between two cuts; all outputs
 * cut together, when the first of them is full or due, so every committed offset is a segment start and a replay from
 * it rebuilds the same segments' first objects under the same names, whatever output they belong to. Not
 * thread-safe: the engine guards it.
 */
final class PartitionProgress {
    /**
     * How far behind its records' arrival a partition's consumer must be for a due segment to stay open: records
     * that old wait in Kafka already, so the buffer fills from them instead of leaving at the batch's size. AWS:
     * BufferingHints are "whichever condition is satisfied first" of size and interval, and a zero interval means
     * delivering as soon as possible; a backlog is delivered fastest (and as AWS fills a buffer from its source) in
     * buffers of the full size, while a consumer that keeps up still cuts at the end of each batch.
     */
    static final long CATCH_UP_LAG_MILLIS = 1_000;

    /**
     * A held segment is cut anyway once no record came for this long: the backlog is read, nothing more is waiting.
     */
    static final long CATCH_UP_IDLE_MILLIS = 1_000;

    /** Segments written before a crash, start to end: the replay cuts where they were cut. */
    private final NavigableMap<Long, Long> replay;
    /** Next offset not yet accepted: Connect redelivers a whole batch after a RetriableException. */
    long nextOffset;
    /** First offset of the open segment, or -1 when none is open. */
    long segmentStart = -1;
    /** Last offset accepted into the open segment. */
    long lastAccepted;
    /** Where the open segment must end because it ended there before a crash, or null. */
    Long replayEnd;

    long openedAtMillis;
    /** When the last record was accepted (the engine's clock). */
    private long lastAcceptedAtMillis;
    /** The last accepted record's arrival time (its Kafka timestamp). */
    private long lastArrivalMillis;

    PartitionProgress(NavigableMap<Long, Long> replay) {
        this.replay = replay;
    }

    boolean hasOpenSegment() {
        return segmentStart >= 0;
    }

    /** Opens a segment at {@code offset}; a segment recorded before a crash from there ends where it ended. */
    void open(long offset, long now) {
        segmentStart = offset;
        replayEnd = replay.get(offset);
        openedAtMillis = now;
    }

    void accepted(long offset, long now, long arrival) {
        nextOffset = offset + 1;
        lastAccepted = offset;
        lastAcceptedAtMillis = now;
        lastArrivalMillis = arrival;
    }

    void close() {
        segmentStart = -1;
        replayEnd = null;
    }

    boolean isReplaying() {
        return replayEnd != null;
    }

    /** A replayed segment ends at its recorded end; a new one ends where the next recorded segment starts. */
    boolean mustEndBefore(long offset) {
        if (replayEnd != null) {
            return offset > replayEnd;
        }
        Long nextRecorded = replay.higherKey(segmentStart);
        return nextRecorded != null && offset >= nextRecorded;
    }

    /**
     * The partition's consumer is reading a backlog: its last record arrived long before it was accepted, and
     * records are still coming. Its due segment then waits to fill up (or for the backlog to end).
     */
    boolean catchingUp(long now) {
        return now - lastAcceptedAtMillis < CATCH_UP_IDLE_MILLIS
                && lastAcceptedAtMillis - lastArrivalMillis >= CATCH_UP_LAG_MILLIS;
    }
}

package io.millrace.bench.workload;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/**
 * Pairs the moment a writer saw a record acknowledged with the moment a reader got it back. Either can come first:
 * a fast reader may return the record before the writer thread has even processed the PutRecord answer, in which
 * case the record was visible no later than acknowledged and its latency counts as 0.
 */
public final class VisibilityTracker {

    /** The first of the two events seen for a record id. */
    private record FirstEvent(boolean acked, long nanos) {}

    private final ConcurrentHashMap<Long, FirstEvent> open = new ConcurrentHashMap<>();
    private final LongAdder acked = new LongAdder();
    private final LongAdder resolved = new LongAdder();
    private final LongConsumer latencyNanos;

    /** @param latencyNanos receives ack-to-visible latencies, one per record */
    public VisibilityTracker(LongConsumer latencyNanos) {
        this.latencyNanos = latencyNanos;
    }

    public void acked(long id, long nanos) {
        acked.increment();
        event(id, true, nanos);
    }

    public void received(long id, long nanos) {
        event(id, false, nanos);
    }

    private void event(long id, boolean isAck, long nanos) {
        open.compute(id, (key, first) -> {
            if (first == null) {
                return new FirstEvent(isAck, nanos);
            }
            if (first.acked() == isAck) {
                // A duplicate (a retried PutRecord, or a record read twice): the first event stands.
                return first;
            }
            long ack = isAck ? nanos : first.nanos();
            long seen = isAck ? first.nanos() : nanos;
            latencyNanos.accept(Math.max(0, seen - ack));
            resolved.increment();
            return null;
        });
    }

    public long ackedCount() {
        return acked.sum();
    }

    /** Records both acknowledged and read back. */
    public long resolvedCount() {
        return resolved.sum();
    }
}

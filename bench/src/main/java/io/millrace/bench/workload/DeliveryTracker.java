package io.millrace.bench.workload;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/**
 * Pairs each PutRecordBatch acknowledgement with the moment its records showed up in S3, and checks that each
 * acknowledged record is delivered exactly once. Records are named by (batch id, index in the batch), written at the
 * start of their payload; a batch's entries that the endpoint refused are sent again under a new batch id, so one
 * acknowledgement time holds for every record of a batch id. Synchronized: one watcher and the writers call it,
 * far below the rate at which it could matter.
 */
public final class DeliveryTracker {

    private final ConcurrentHashMap<Long, Long> ackNanosByBatch = new ConcurrentHashMap<>();
    private final Set<Long> delivered = ConcurrentHashMap.newKeySet();
    private final LongAdder acked = new LongAdder();
    private final LongAdder deliveredAcked = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder unacknowledged = new LongAdder();
    private final LongConsumer latencyNanos;

    /** @param latencyNanos receives ack-to-S3 latencies, one per first delivery of an acknowledged record */
    public DeliveryTracker(LongConsumer latencyNanos) {
        this.latencyNanos = latencyNanos;
    }

    static long recordKey(long batchId, int index) {
        return (batchId << 10) | index;
    }

    /** @param accepted indexes of the batch's records the endpoint accepted */
    public synchronized void acked(long batchId, int[] accepted, long nanos) {
        if (accepted.length == 0) {
            return;
        }
        ackNanosByBatch.put(batchId, nanos);
        acked.add(accepted.length);
        for (int index : accepted) {
            long key = recordKey(batchId, index);
            // An object seen before the writer thread handled the answer: visible no later than acknowledged.
            if (delivered.contains(key)) {
                unacknowledged.decrement();
                deliveredAcked.increment();
                latencyNanos.accept(0);
            }
        }
    }

    /** A record read from an S3 object at {@code nanos}. */
    public synchronized void delivered(long batchId, int index, long nanos) {
        long key = recordKey(batchId, index);
        if (!delivered.add(key)) {
            duplicates.increment();
            return;
        }
        Long ack = ackNanosByBatch.get(batchId);
        if (ack == null) {
            // Not acknowledged (yet): a failed call whose records were stored anyway, or an answer still in flight.
            unacknowledged.increment();
            return;
        }
        deliveredAcked.increment();
        latencyNanos.accept(Math.max(0, nanos - ack));
    }

    public long ackedCount() {
        return acked.sum();
    }

    /** Acknowledged records found in S3. */
    public long deliveredAckedCount() {
        return deliveredAcked.sum();
    }

    /** Records found in S3 more than once. */
    public long duplicateCount() {
        return duplicates.sum();
    }

    /** Records found in S3 whose PutRecordBatch the bench never saw acknowledged when they showed up. */
    public long unacknowledgedCount() {
        return unacknowledged.sum();
    }
}

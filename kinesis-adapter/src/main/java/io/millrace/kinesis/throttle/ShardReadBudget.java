package io.millrace.kinesis.throttle;

/**
 * One shard's read quota: GetRecords calls per second, and bytes read per second.
 *
 * <p>The byte budget is paid after the fact (a call's size is known only once it has been served) and saves up no
 * credit: each read pushes the shard's next allowed read back by {@code bytes / 2 MiB} seconds. That is what AWS
 * documents exactly: a call returning 10 MiB makes calls within the next 5 seconds fail, and a call over the budget
 * makes the next second's calls fail. A saved-up second of credit would cut the 10 MiB penalty to 4 seconds. A single
 * call may still return up to 10 MiB, which is the burst reads get.
 */
final class ShardReadBudget {

    private final TokenBucket calls;
    private final TokenBucket readBytes;

    ShardReadBudget(long nowNanos) {
        this.calls = new TokenBucket(
                ShardQuotas.GET_RECORDS_CALLS_PER_SECOND, ShardQuotas.GET_RECORDS_CALLS_PER_SECOND, nowNanos);
        this.readBytes = new TokenBucket(ShardQuotas.READ_BYTES_PER_SECOND, 0, nowNanos);
    }

    synchronized boolean tryCall(long nowNanos) {
        calls.refill(nowNanos);
        if (!calls.canTake(1)) {
            return false;
        }
        calls.take(1);
        return true;
    }

    synchronized void recordRead(long bytes, long nowNanos) {
        readBytes.refill(nowNanos);
        readBytes.take(bytes);
    }

    /** Debits the GetRecords calls other gateways served on the shard; may leave the call budget in debt. */
    synchronized void debitCalls(long count, long nowNanos) {
        calls.refill(nowNanos);
        calls.take(count);
    }

    synchronized boolean available(long nowNanos) {
        readBytes.refill(nowNanos);
        return !readBytes.inDebt();
    }
}

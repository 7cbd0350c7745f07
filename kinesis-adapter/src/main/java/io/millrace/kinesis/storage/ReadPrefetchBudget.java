package io.millrace.kinesis.storage;

/**
 * The bytes every shard reader of a gateway may hold fetched ahead, together. A Kafka consumer fetches its next
 * batch as soon as the last one is handed out, so each reader (a GetRecords reader of the pool, a SubscribeToShard
 * subscription) holds up to its fetch size at any time, and the sum of their fetch sizes is what reading costs in
 * heap. Each reader leases its fetch size here when its consumer is created and gives it back when it closes.
 * Once the budget is leased out, further readers fetch {@link #FLOOR} at a time: they stay correct (Kafka returns
 * at least one whole record batch, so a 10 MiB record is still read) and merely slower.
 */
public final class ReadPrefetchBudget {

    /** Fetch size of a reader leased when the budget is spent. */
    public static final int FLOOR = 64 * 1024;

    private final long total;
    private long leased;

    public ReadPrefetchBudget(long totalBytes) {
        if (totalBytes < FLOOR) {
            throw new IllegalArgumentException("a prefetch budget of " + totalBytes + " bytes is below " + FLOOR);
        }
        this.total = totalBytes;
    }

    /** Leases up to {@code wanted} bytes (at least {@link #FLOOR}); the answer is the reader's fetch size. */
    public synchronized int lease(long wanted) {
        long share = Math.max(FLOOR, Math.min(wanted, total - leased));
        leased += share;
        return (int) Math.min(Integer.MAX_VALUE, share);
    }

    /** Gives back what {@link #lease} answered. */
    public synchronized void release(int share) {
        leased = Math.max(0, leased - share);
    }

    /** Bytes leased now. */
    public synchronized long leased() {
        return leased;
    }

    public long total() {
        return total;
    }
}

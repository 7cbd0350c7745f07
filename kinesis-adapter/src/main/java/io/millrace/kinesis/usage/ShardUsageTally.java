package io.millrace.kinesis.usage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What this gateway admitted on each shard since the last {@link #drain}: the input of the usage exchange and of
 * on-demand scaling. Called on the put and GetRecords paths, so a lookup is a map read and an array access and
 * allocates nothing once a shard has been seen; adding never blocks, and a drain loses no concurrent addition.
 */
public final class ShardUsageTally {

    private static final int WRITE_RECORDS = 0;
    private static final int WRITE_BYTES = 1;
    private static final int CALLS = 2;
    private static final int READ_BYTES = 3;
    private static final int FIGURES = 4;

    private final boolean everyStream;
    private final ConcurrentHashMap<String, StreamTally> streams = new ConcurrentHashMap<>();

    /**
     * @param everyStream true when the shard quotas are shared across gateways: every stream's usage counts; false:
     *     only ON_DEMAND streams' writes, which on-demand scaling needs
     */
    public ShardUsageTally(boolean everyStream) {
        this.everyStream = everyStream;
    }

    /** Whether a stream's traffic is counted: always when quotas are shared, else for ON_DEMAND streams. */
    public boolean counts(boolean onDemand) {
        return everyStream || onDemand;
    }

    public void recordWrite(String stream, int shard, long bytes) {
        AtomicLongArray figures = shard(stream, shard);
        figures.incrementAndGet(WRITE_RECORDS);
        figures.addAndGet(WRITE_BYTES, bytes);
    }

    /** One GetRecords call admitted on a shard (its bytes come with {@link #recordRead}). */
    public void recordGetRecordsCall(String stream, int shard) {
        if (everyStream) {
            shard(stream, shard).incrementAndGet(CALLS);
        }
    }

    public void recordRead(String stream, int shard, long bytes) {
        if (everyStream && bytes > 0) {
            shard(stream, shard).addAndGet(READ_BYTES, bytes);
        }
    }

    /** Bytes an enhanced fan-out subscription of {@code consumer} (its ARN) sent from a shard. */
    public void recordFanOut(String stream, String consumer, int shard, long bytes) {
        if (everyStream && bytes > 0) {
            StreamTally tally = streams.get(stream);
            if (tally == null) {
                tally = streams.computeIfAbsent(stream, name -> new StreamTally());
            }
            tally.fanOut(consumer, shard).addAndGet(bytes);
        }
    }

    /**
     * The enhanced fan-out bytes of every consumer and shard since the previous call, by stream, and starts counting
     * them again from zero (apart from {@link #drain}, which the usage exchange calls just before).
     */
    public Map<String, List<FanOutUsage>> drainFanOut() {
        Map<String, List<FanOutUsage>> drained = new LinkedHashMap<>();
        streams.forEach((stream, tally) -> {
            List<FanOutUsage> sent = tally.drainFanOut();
            if (!sent.isEmpty()) {
                drained.put(stream, sent);
            }
        });
        return drained;
    }

    /** The usage of every shard used since the previous drain, by stream, and starts counting again from zero. */
    public Map<String, List<ShardUsage>> drain() {
        Map<String, List<ShardUsage>> drained = new LinkedHashMap<>();
        streams.forEach((stream, tally) -> {
            List<ShardUsage> used = tally.drain();
            if (!used.isEmpty()) {
                drained.put(stream, used);
            }
        });
        return drained;
    }

    public void forget(String stream) {
        streams.remove(stream);
    }

    private AtomicLongArray shard(String stream, int shard) {
        StreamTally tally = streams.get(stream);
        if (tally == null) {
            tally = streams.computeIfAbsent(stream, name -> new StreamTally());
        }
        return tally.shard(shard);
    }

    /**
     * One stream's counters by shard index, grown copy-on-write (copying references, so no count is lost), and its
     * enhanced fan-out bytes by consumer and shard (a counter is kept once created, as the shards' are).
     */
    private static final class StreamTally {

        private record ConsumerShard(String consumer, int shard) {}

        private volatile AtomicLongArray[] shards = new AtomicLongArray[0];
        private final ConcurrentHashMap<ConsumerShard, AtomicLong> fanOut = new ConcurrentHashMap<>();

        AtomicLong fanOut(String consumer, int shard) {
            return fanOut.computeIfAbsent(new ConsumerShard(consumer, shard), key -> new AtomicLong());
        }

        List<FanOutUsage> drainFanOut() {
            List<FanOutUsage> sent = new ArrayList<>();
            fanOut.forEach((key, bytes) -> {
                long drained = bytes.getAndSet(0);
                if (drained > 0) {
                    sent.add(new FanOutUsage(key.consumer(), key.shard(), drained));
                }
            });
            return sent;
        }

        AtomicLongArray shard(int index) {
            AtomicLongArray[] current = shards;
            if (index < current.length && current[index] != null) {
                return current[index];
            }
            return create(index);
        }

        private synchronized AtomicLongArray create(int index) {
            AtomicLongArray[] current = shards;
            if (index < current.length && current[index] != null) {
                return current[index];
            }
            AtomicLongArray[] grown = Arrays.copyOf(current, Math.max(current.length, index + 1));
            grown[index] = new AtomicLongArray(FIGURES);
            shards = grown;
            return grown[index];
        }

        List<ShardUsage> drain() {
            List<ShardUsage> used = new ArrayList<>();
            AtomicLongArray[] current = shards;
            for (int index = 0; index < current.length; index++) {
                AtomicLongArray figures = current[index];
                if (figures == null) {
                    continue;
                }
                long records = figures.getAndSet(WRITE_RECORDS, 0);
                long bytes = figures.getAndSet(WRITE_BYTES, 0);
                long calls = figures.getAndSet(CALLS, 0);
                long read = figures.getAndSet(READ_BYTES, 0);
                if (records > 0 || bytes > 0 || calls > 0 || read > 0) {
                    used.add(new ShardUsage(index, records, bytes, calls, read));
                }
            }
            return used;
        }
    }
}

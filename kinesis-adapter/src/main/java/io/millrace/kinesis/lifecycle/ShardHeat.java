package io.millrace.kinesis.lifecycle;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What this gateway wrote to each shard since the last sample: the input of on-demand scaling. Counted whether
 * or not shard limits are enforced, at the cost of two adders per record.
 */
public final class ShardHeat {

    /** Bytes and records written to one shard. */
    public record Load(long bytes, long records) {}

    private record Key(String stream, int shard) {}

    private static final class Counters {
        final LongAdder bytes = new LongAdder();
        final LongAdder records = new LongAdder();
    }

    private final Map<Key, Counters> counters = new ConcurrentHashMap<>();

    public void recordWrite(String stream, int shard, int bytes) {
        Counters c = counters.computeIfAbsent(new Key(stream, shard), key -> new Counters());
        c.bytes.add(bytes);
        c.records.increment();
    }

    /** The load of a shard since the previous call for it, and starts counting again. */
    public Load takeSample(String stream, int shard) {
        Counters c = counters.remove(new Key(stream, shard));
        return c == null ? new Load(0, 0) : new Load(c.bytes.sum(), c.records.sum());
    }

    public void forget(String stream) {
        counters.keySet().removeIf(key -> key.stream().equals(stream));
    }
}

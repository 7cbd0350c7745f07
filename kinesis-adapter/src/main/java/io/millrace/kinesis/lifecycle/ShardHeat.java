package io.millrace.kinesis.lifecycle;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What was written to each shard of the ON_DEMAND streams since the last sample, by this gateway and, through the
 * usage exchange, by the others on the cluster: the input of on-demand scaling, so a shard hot only across several
 * gateways together is split too. Fed once per publishing interval (a fraction of a second), not per record.
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

    public void add(String stream, int shard, long bytes, long records) {
        Counters c = counters.computeIfAbsent(new Key(stream, shard), key -> new Counters());
        c.bytes.add(bytes);
        c.records.add(records);
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

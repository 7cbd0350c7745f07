package io.millrace.kinesis.fanout;

import io.millrace.kinesis.api.KinesisBackend;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import org.apache.kafka.common.TopicPartition;

/**
 * The shard tails of a gateway, one per (stream incarnation, shard) with subscriptions: a subscription holds its
 * shard's tail from its start to its end; a tail without subscriptions for {@link #LINGER_MILLIS} stops (closing
 * its consumer, giving back its leases), so a client resubscribing (every 5 minutes, or after a takeover) finds it
 * still there with its window.
 */
final class ShardTails {

    static final long LINGER_MILLIS = 3_000;

    record Key(String stream, String incarnation, int shardIndex) {}

    private final Map<Key, ShardTail> tails = new HashMap<>();
    private final KinesisBackend backend;
    private final Executor executor;
    private final LongSupplier clock;

    ShardTails(KinesisBackend backend, Executor executor) {
        this.backend = backend;
        this.executor = executor;
        this.clock = backend::now;
    }

    /** The shard's tail, held until {@link #release}; its window via {@link ShardTail#start}. */
    synchronized ShardTail acquire(Key key, TopicPartition partition) {
        ShardTail tail = tails.computeIfAbsent(key, k -> new ShardTail(k, backend, this, partition));
        tail.subscribers++;
        return tail;
    }

    /** The window of a tail just acquired, starting the tail for its first subscriber at {@code position}. */
    TailWindow window(ShardTail tail, long position) {
        return tail.start(position, executor);
    }

    synchronized void release(ShardTail tail) {
        if (--tail.subscribers == 0) {
            tail.idleSinceMillis = clock.getAsLong();
        }
    }

    /** True (and the tail forgotten) when it has had no subscriber for the linger time: its reader then stops. */
    synchronized boolean retireIfIdle(ShardTail tail) {
        if (tail.subscribers == 0 && clock.getAsLong() - tail.idleSinceMillis >= LINGER_MILLIS) {
            tails.remove(tail.key, tail);
            return true;
        }
        return false;
    }

    synchronized void remove(ShardTail tail) {
        tails.remove(tail.key, tail);
    }

    /** Tails running or starting now (for tests and metrics). */
    synchronized int size() {
        return tails.size();
    }
}

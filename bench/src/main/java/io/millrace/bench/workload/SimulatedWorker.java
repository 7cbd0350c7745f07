package io.millrace.bench.workload;

import io.millrace.bench.workload.LeaseCalls.Observed;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * One KCL worker's lease cycle, as its LeaseRenewer, LeaseTaker and checkpointer drive the lease table: renew every
 * held lease each third of the failover time (a refused renewal means the lease was lost); every two failover
 * times, Scan the table and take leases that are unowned or whose counter has not moved for a failover time, up to
 * an even share, else steal one from the most loaded worker; read a taken lease's checkpoint; checkpoint each held
 * lease at the application's interval. A held lease's counter changes under its lock, so that renewals and
 * checkpoints of one lease never race each other (the KCL synchronizes on the lease the same way).
 */
final class SimulatedWorker {

    /** A lease this worker holds, with the counter it last wrote. */
    private static final class Held {
        final String key;
        long counter;
        long checkpoints;

        Held(String key, long counter) {
            this.key = key;
            this.counter = counter;
        }
    }

    /** When the taker first saw a lease's counter at its current value (read and written by one round at a time). */
    private record Seen(long counter, long sinceNanos) {}

    private final String id;
    private final LeaseCalls calls;
    private final LeaseSpec spec;
    private final ExecutorService pool;
    private final ExecutorService takers;
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private final Map<String, Seen> seen = new HashMap<>();
    private final AtomicBoolean taking = new AtomicBoolean();
    private final LongAdder lost;
    private final LongAdder stolen;

    /**
     * @param pool   runs renewals and checkpoints
     * @param takers runs lease-taker rounds, apart: a KCL worker's taker has a thread of its own, so a long round
     *               never holds up its renewals
     */
    SimulatedWorker(
            String id,
            LeaseCalls calls,
            LeaseSpec spec,
            ExecutorService pool,
            ExecutorService takers,
            LongAdder lost,
            LongAdder stolen) {
        this.id = id;
        this.calls = calls;
        this.spec = spec;
        this.pool = pool;
        this.takers = takers;
        this.lost = lost;
        this.stolen = stolen;
    }

    int held() {
        return held.size();
    }

    /** Renews each held lease, each on the pool (the KCL renews with up to 20 threads at once). */
    void renewAll() {
        for (Held lease : held.values()) {
            pool.execute(() -> guarded(() -> {
                synchronized (lease) {
                    if (held.get(lease.key) != lease) {
                        return;
                    }
                    if (calls.renew(lease.key, lease.counter)) {
                        lease.counter++;
                    } else {
                        held.remove(lease.key, lease);
                        lost.increment();
                    }
                }
            }));
        }
    }

    /** Checkpoints each held lease at a sequence number that grows, as an application moving through its shard. */
    void checkpointAll() {
        for (Held lease : held.values()) {
            pool.execute(() -> guarded(() -> {
                synchronized (lease) {
                    if (held.get(lease.key) != lease) {
                        return;
                    }
                    String sequenceNumber = String.format("%056d", ++lease.checkpoints);
                    if (calls.checkpoint(lease.key, lease.counter, id, sequenceNumber)) {
                        lease.counter++;
                    } else {
                        held.remove(lease.key, lease);
                        lost.increment();
                    }
                }
            }));
        }
    }

    /** Starts a round of the lease taker on the pool, unless the previous one is still running. */
    void takeRound() {
        if (taking.compareAndSet(false, true)) {
            takers.execute(() -> {
                try {
                    take();
                } finally {
                    taking.set(false);
                }
            });
        }
    }

    private void take() {
        guarded(() -> {
            List<Observed> leases = calls.scan();
            long now = System.nanoTime();
            List<Observed> expired = new ArrayList<>();
            Map<String, List<Observed>> byOwner = new HashMap<>();
            for (Observed lease : leases) {
                Seen before = seen.get(lease.key());
                if (before == null || before.counter() != lease.counter()) {
                    seen.put(lease.key(), new Seen(lease.counter(), now));
                }
                if (held.containsKey(lease.key())) {
                    continue;
                }
                boolean stale = before != null
                        && before.counter() == lease.counter()
                        && now - before.sinceNanos() > spec.failover().toNanos();
                if (lease.owner() == null || stale) {
                    expired.add(lease);
                } else {
                    byOwner.computeIfAbsent(lease.owner(), o -> new ArrayList<>())
                            .add(lease);
                }
            }
            int wanted = spec.target() - held.size();
            if (wanted <= 0) {
                return;
            }
            Collections.shuffle(expired, ThreadLocalRandom.current());
            List<Observed> toTake = new ArrayList<>(expired.subList(0, Math.min(wanted, expired.size())));
            if (toTake.isEmpty()) {
                // No expired lease: steal one from the most loaded worker, if it holds more than its share.
                byOwner.values().stream()
                        .max((a, b) -> Integer.compare(a.size(), b.size()))
                        .filter(most -> most.size() > spec.target())
                        .ifPresent(most ->
                                toTake.add(most.get(ThreadLocalRandom.current().nextInt(most.size()))));
            }
            for (Observed lease : toTake) {
                if (calls.take(lease.key(), lease.counter(), id)) {
                    if (lease.owner() != null) {
                        stolen.increment();
                    }
                    calls.get(lease.key());
                    held.put(lease.key(), new Held(lease.key(), lease.counter() + 1));
                }
            }
        });
    }

    /** A failed call (the endpoint refused or timed out) is counted by its meter; the cycle goes on. */
    private static void guarded(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            // counted as an error of its operation by LeaseCalls
        }
    }
}

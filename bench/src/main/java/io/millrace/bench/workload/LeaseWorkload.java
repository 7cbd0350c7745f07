package io.millrace.bench.workload;

import io.millrace.bench.stats.Meter;
import io.millrace.bench.stats.Operation;
import io.millrace.bench.stats.ProgressTicker;
import io.millrace.bench.stats.RunResult;
import io.millrace.bench.workload.LeaseCalls.Op;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.IntSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A fleet of simulated KCL workers on one lease table: first the leases are created (one row), then every worker
 * runs its lease cycle ({@link SimulatedWorker}) for the run's duration, each operation its own row. The renew row
 * carries the fleet's notes: leases held at the end, leases lost and stolen, refused conditions.
 */
public final class LeaseWorkload {

    private final DynamoDbClient client;
    private final LeaseSpec spec;

    public LeaseWorkload(DynamoDbClient client, LeaseSpec spec) {
        this.client = client;
        this.spec = spec;
    }

    /** The lease keys of a single-stream KCL application: its shard ids. */
    static String leaseKey(int shard) {
        return String.format("shardId-%012d", shard);
    }

    public List<RunResult> run(PrintWriter out) throws InterruptedException {
        Map<Op, Meter> meters = new EnumMap<>(Op.class);
        Map<Op, LongAdder> refused = new EnumMap<>(Op.class);
        for (Op op : Op.values()) {
            meters.put(op, new Meter());
            refused.put(op, new LongAdder());
        }
        LeaseCalls calls = new LeaseCalls(client, spec.table(), meters, refused);
        List<RunResult> runs = new ArrayList<>();
        runs.add(createLeases(calls, meters.get(Op.CREATE), out));
        runs.addAll(runFleet(calls, meters, refused, out));
        return runs;
    }

    private RunResult createLeases(LeaseCalls calls, Meter meter, PrintWriter out) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(spec.threads(), daemon("bench-lease-create"));
        AtomicInteger next = new AtomicInteger();
        try (ProgressTicker ticker = ProgressTicker.start(Op.CREATE.row, meter, out)) {
            for (int t = 0; t < spec.threads(); t++) {
                pool.execute(() -> {
                    for (int shard = next.getAndIncrement(); shard < spec.leases(); shard = next.getAndIncrement()) {
                        calls.create(leaseKey(shard));
                    }
                });
            }
            pool.shutdown();
            if (!pool.awaitTermination(spec.duration().toMillis() + 60_000, TimeUnit.MILLISECONDS)) {
                pool.shutdownNow();
                throw new BenchFailure("Creating " + spec.leases() + " leases did not finish");
            }
            if (meter.errors() > 0) {
                throw new BenchFailure(meter.errors() + " of the lease creations failed");
            }
            return ticker.finish(Operation.LEASE_TABLE, false, Op.CREATE.latencyOf, Map.of());
        }
    }

    private List<RunResult> runFleet(
            LeaseCalls calls, Map<Op, Meter> meters, Map<Op, LongAdder> refused, PrintWriter out)
            throws InterruptedException {
        // The timers only hand work to the callers: a slow call delays the calls queued behind it, never a timer.
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(daemon("bench-lease-timer"));
        ExecutorService pool = Executors.newFixedThreadPool(spec.threads(), daemon("bench-lease-call"));
        ExecutorService takers =
                Executors.newFixedThreadPool(Math.min(spec.workers(), spec.threads()), daemon("bench-lease-taker"));
        LongAdder lost = new LongAdder();
        LongAdder stolen = new LongAdder();
        List<SimulatedWorker> workers = new ArrayList<>();
        for (int w = 0; w < spec.workers(); w++) {
            workers.add(new SimulatedWorker("bench-worker-" + w, calls, spec, pool, takers, lost, stolen));
        }
        // Only the renewals print a progress line: the heartbeat of the fleet.
        PrintWriter quiet = new PrintWriter(Writer.nullWriter());
        Map<Op, ProgressTicker> tickers = new EnumMap<>(Op.class);
        for (Op op : List.of(Op.RENEW, Op.TAKE, Op.CHECKPOINT, Op.GET, Op.SCAN)) {
            tickers.put(op, ProgressTicker.start(op.row, meters.get(op), op == Op.RENEW ? out : quiet));
        }
        long renew = spec.renewInterval().toMillis();
        long take = spec.takeInterval().toMillis();
        long checkpoint = spec.checkpointInterval().toMillis();
        for (SimulatedWorker worker : workers) {
            // Workers start spread over a renewal interval, as a fleet's processes do.
            ThreadLocalRandom random = ThreadLocalRandom.current();
            timers.scheduleWithFixedDelay(worker::takeRound, random.nextLong(renew + 1), take, TimeUnit.MILLISECONDS);
            timers.scheduleAtFixedRate(worker::renewAll, random.nextLong(renew + 1), renew, TimeUnit.MILLISECONDS);
            timers.scheduleAtFixedRate(
                    worker::checkpointAll, random.nextLong(checkpoint + 1), checkpoint, TimeUnit.MILLISECONDS);
        }
        try {
            Thread.sleep(spec.duration().toMillis());
        } finally {
            // Calls already handed out finish (an interrupted call would count as failed); no new one starts.
            timers.shutdownNow();
            for (ExecutorService callers : List.of(takers, pool)) {
                callers.shutdown();
            }
            for (ExecutorService callers : List.of(takers, pool)) {
                if (!callers.awaitTermination(30, TimeUnit.SECONDS)) {
                    callers.shutdownNow();
                }
            }
        }
        IntSummaryStatistics share =
                workers.stream().mapToInt(SimulatedWorker::held).summaryStatistics();
        List<RunResult> runs = new ArrayList<>();
        for (Map.Entry<Op, ProgressTicker> entry : tickers.entrySet()) {
            Op op = entry.getKey();
            Map<String, String> notes = new LinkedHashMap<>();
            if (refused.get(op).sum() > 0) {
                notes.put(
                        "condition refused",
                        String.format(Locale.ROOT, "%,d", refused.get(op).sum()));
            }
            if (meters.get(op).errors() > 0) {
                notes.put(
                        "failed calls",
                        String.format(Locale.ROOT, "%,d", meters.get(op).errors()));
            }
            if (op == Op.RENEW) {
                notes.put(
                        "leases held at the end",
                        String.format(
                                Locale.ROOT,
                                "%,d of %,d (per worker %d to %d)",
                                share.getSum(),
                                spec.leases(),
                                share.getMin(),
                                share.getMax()));
                notes.put("leases lost", String.format(Locale.ROOT, "%,d", lost.sum()));
                notes.put("leases stolen", String.format(Locale.ROOT, "%,d", stolen.sum()));
            }
            RunResult run = entry.getValue().finish(Operation.LEASE_TABLE, false, op.latencyOf, notes);
            entry.getValue().close();
            if (!Double.isNaN(run.cpu().platformSeconds()) && op == Op.RENEW) {
                run = run.withNotes(Map.of(
                        "platform cores busy",
                        String.format(Locale.ROOT, "%.2f", run.cpu().platformSeconds() / run.seconds())));
            }
            runs.add(run);
        }
        return runs;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}

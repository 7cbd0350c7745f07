package io.millrace.kinesis.lifecycle;

import io.millrace.kinesis.metadata.MetadataStore;
import io.millrace.kinesis.metadata.StreamUpdater;
import io.millrace.kinesis.model.Shards;
import io.millrace.kinesis.storage.StreamTopics;
import io.millrace.schemas.kinesis.ShardMetadata;
import io.millrace.schemas.kinesis.StreamMetadata;
import io.millrace.schemas.kinesis.StreamStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reshards a stream without moving data and without a lock, in rounds of two compare-and-sets on its metadata:
 * <ol>
 *   <li>{@link #begin}: the children's partitions are added to the topic first (Kafka only adds partitions; a
 *       topic already that large is reused), then one write sets UPDATING, adds the children open and marks the
 *       parents closing at a cutover instant {@link ReshardTiming#CUTOVER_DELAY} ahead: from that instant every
 *       gateway routes the parents' keys to the children.</li>
 *   <li>{@link #finish}, {@link ReshardTiming#CLOSE_GRACE} after the cutover and after this gateway first saw the
 *       closing mark plus the same delays (so after the mark reached the log, whoever wrote it): no gateway routes
 *       to a parent any more and what was routed there has landed. Each parent's end offset is its partition's log
 *       end now, and one write closes the parents and sets ACTIVE (or begins the next round of an
 *       UpdateShardCount).</li>
 * </ol>
 * Both steps are idempotent and any gateway may run the second: a gateway that crashed in between leaves an
 * UPDATING stream that the reconciler of any gateway finishes. Two gateways measuring at once write the same
 * transition; the log's compare-and-set keeps one.
 */
public final class Resharder {

    private static final Logger LOG = LoggerFactory.getLogger(Resharder.class);
    private static final int ATTEMPTS = 3;
    /** Longest wait for new partitions' leaders; the round goes on after it, as a slow broker's produce retries. */
    private static final Duration SERVED_TIMEOUT = Duration.ofSeconds(10);
    /** How long after first seeing a round a gateway waits before closing its parents. */
    private static final Duration ROUND_WAIT = ReshardTiming.CUTOVER_DELAY.plus(ReshardTiming.CLOSE_GRACE);

    private final MetadataStore store;
    private final StreamUpdater updater;
    private final StreamTopics topics;
    private final ScheduledExecutorService schedule;
    private final Consumer<String> reconcile;
    private final Clock clock;
    /** When this gateway first saw each round's closing mark ({@link System#nanoTime()}), by round. */
    private final Map<String, Long> firstSeen = new ConcurrentHashMap<>();

    /** The stream changed under a round: another gateway finished it, or it was deleted. Nothing to do. */
    private static final class Superseded extends RuntimeException {
        Superseded() {
            super("superseded", null, false, false);
        }
    }

    /** The latest state needs more partitions than were added: add them and try again. */
    private static final class PartitionsMissing extends RuntimeException {
        PartitionsMissing() {
            super("more partitions needed", null, false, false);
        }
    }

    public Resharder(
            MetadataStore store,
            StreamUpdater updater,
            StreamTopics topics,
            ScheduledExecutorService schedule,
            Consumer<String> reconcile,
            Clock clock) {
        this.store = store;
        this.updater = updater;
        this.topics = topics;
        this.schedule = schedule;
        this.reconcile = reconcile;
        this.clock = clock;
        store.onStreamChange(name -> store.stream(name).ifPresent(this::observe));
    }

    /**
     * Begins a round. {@code planner} checks the request against the latest state (throwing the user's error)
     * and returns the round; {@code extra} adds other changes to the same write. Returns the stream as written.
     */
    public StreamMetadata begin(
            String name,
            Function<StreamMetadata, ReshardPlan> planner,
            Consumer<StreamMetadata.Builder> extra,
            Function<String, RuntimeException> missing)
            throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            StreamMetadata current = store.stream(name).orElseThrow(() -> missing.apply(name));
            int ensured = planner.apply(current).partitionsNeeded(current);
            await(topics.ensurePartitions(current.getTopic(), ensured), "adding partitions to " + name);
            // The children take writes from the cutover on: their partitions must be served by then (see awaitServed).
            topics.awaitServed(current.getTopic(), ensured, SERVED_TIMEOUT);
            try {
                StreamMetadata written = updater.update(
                        name,
                        next -> {
                            StreamMetadata latest = next.build();
                            ReshardPlan plan = planner.apply(latest);
                            if (plan.partitionsNeeded(latest) > ensured) {
                                throw new PartitionsMissing();
                            }
                            extra.accept(next);
                            plan.applyTo(next, clock.millis());
                        },
                        missing);
                LOG.info(
                        "Stream {} resharding: shards {} closing, {} open",
                        name,
                        Shards.closing(written).stream()
                                .map(ShardMetadata::getIndex)
                                .toList(),
                        Shards.current(written).size());
                warnIfLate(written);
                observe(written);
                return written;
            } catch (PartitionsMissing e) {
                if (attempt == ATTEMPTS) {
                    throw new IllegalStateException("Stream " + name + " kept changing during a reshard");
                }
            }
        }
    }

    /**
     * Finishes the round in progress once its grace period is over here; before that it only makes sure a later
     * attempt is scheduled. Does nothing for a stream that is not UPDATING.
     */
    public void finish(String name) throws InterruptedException {
        StreamMetadata stream = store.stream(name).orElse(null);
        if (stream == null || stream.getStatus() != StreamStatus.UPDATING) {
            return;
        }
        List<ShardMetadata> closing = Shards.closing(stream);
        if (!closing.isEmpty()) {
            observe(stream);
            long waited = System.nanoTime() - firstSeen.get(roundKey(stream, closing));
            long cutover = closing.stream()
                    .mapToLong(ShardMetadata::getClosingAtMillis)
                    .max()
                    .orElseThrow();
            long remaining = Math.max(
                    ROUND_WAIT.toNanos() - waited,
                    TimeUnit.MILLISECONDS.toNanos(cutover + ReshardTiming.CLOSE_GRACE.toMillis() - clock.millis()));
            if (remaining > 0) {
                schedule.schedule(() -> reconcile.accept(name), remaining + 20_000_000L, TimeUnit.NANOSECONDS);
                return;
            }
        }
        Map<Integer, Long> ends = new HashMap<>();
        for (ShardMetadata shard : closing) {
            ends.put(
                    shard.getIndex(),
                    await(
                            topics.endOffset(stream.getTopic(), shard.getIndex()),
                            "reading the end of shard " + shard.getIndex() + " of " + name));
        }
        long now = clock.millis();
        Integer target = stream.getTargetShardCount();
        int ensured = 0;
        if (target != null) {
            StreamMetadata closed =
                    close(StreamMetadata.newBuilder(stream), ends, now).build();
            Optional<ReshardPlan> round = UniformScaling.nextRound(closed, target);
            if (round.isPresent()) {
                ensured = round.get().partitionsNeeded(closed);
                await(topics.ensurePartitions(stream.getTopic(), ensured), "adding partitions to " + name);
                topics.awaitServed(stream.getTopic(), ensured, SERVED_TIMEOUT);
            }
        }
        int partitions = ensured;
        List<Integer> closingIndexes =
                closing.stream().map(ShardMetadata::getIndex).toList();
        try {
            StreamMetadata written = updater.update(
                    name,
                    next -> {
                        if (!next.getIncarnation().equals(stream.getIncarnation())
                                || next.getStatus() != StreamStatus.UPDATING
                                || !Shards.closing(next.build()).stream()
                                        .map(ShardMetadata::getIndex)
                                        .toList()
                                        .equals(closingIndexes)) {
                            throw new Superseded();
                        }
                        close(next, ends, now);
                        Optional<ReshardPlan> round =
                                target == null ? Optional.empty() : UniformScaling.nextRound(next.build(), target);
                        if (round.isPresent()) {
                            if (round.get().partitionsNeeded(next.build()) > partitions) {
                                throw new Superseded();
                            }
                            round.get().applyTo(next, now);
                        } else {
                            next.setTargetShardCount(null).setStatus(StreamStatus.ACTIVE);
                        }
                    },
                    ignored -> new Superseded());
            if (written.getStatus() == StreamStatus.ACTIVE) {
                LOG.info(
                        "Stream {} is ACTIVE after resharding: shards {} closed, {} open",
                        name,
                        closingIndexes,
                        Shards.open(written).size());
            } else {
                LOG.info(
                        "Stream {} resharding: shards {} closed, next round closes {}",
                        name,
                        closingIndexes,
                        Shards.closing(written).stream()
                                .map(ShardMetadata::getIndex)
                                .toList());
                warnIfLate(written);
                observe(written);
            }
        } catch (Superseded e) {
            // Another gateway finished this round first (or the stream is gone): its write stands.
        } finally {
            firstSeen.remove(roundKey(stream, closing));
        }
    }

    /** Sets each closing shard's end offset (as measured) and closing time. */
    private static StreamMetadata.Builder close(StreamMetadata.Builder next, Map<Integer, Long> ends, long now) {
        List<ShardMetadata> shards = new ArrayList<>();
        for (ShardMetadata shard : next.getShards()) {
            if (shard.getClosingAtMillis() != null && shard.getClosedAtMillis() == null) {
                Long end = ends.get(shard.getIndex());
                if (end == null) {
                    throw new Superseded();
                }
                shards.add(ShardMetadata.newBuilder(shard)
                        .setEndOffset(end)
                        .setClosedAtMillis(now)
                        .build());
            } else {
                shards.add(shard);
            }
        }
        return next.setShards(shards);
    }

    /**
     * A cutover is safe only if every gateway could see the change a routing lease before it. A metadata write that
     * took longer than the slack breaks that promise for the writes of that moment: tell the operator.
     */
    private void warnIfLate(StreamMetadata written) {
        long deadline = Shards.closing(written).stream()
                        .mapToLong(ShardMetadata::getClosingAtMillis)
                        .min()
                        .orElse(Long.MAX_VALUE)
                - ReshardTiming.ROUTING_LEASE.toMillis();
        if (clock.millis() > deadline) {
            LOG.warn(
                    "Stream {}: the reshard's metadata write took more than {} ms; a producer alternating between"
                            + " gateways may see a key's records out of order around this reshard",
                    written.getName(),
                    ReshardTiming.CUTOVER_DELAY
                            .minus(ReshardTiming.ROUTING_LEASE)
                            .toMillis());
        }
    }

    /** Notes when this gateway first saw a round's closing mark, and schedules its end. */
    private void observe(StreamMetadata stream) {
        if (stream.getStatus() != StreamStatus.UPDATING) {
            // Rounds another gateway finished leave nothing behind here.
            String prefix = stream.getName() + "/";
            firstSeen.keySet().removeIf(key -> key.startsWith(prefix));
            return;
        }
        List<ShardMetadata> closing = Shards.closing(stream);
        String name = stream.getName();
        if (closing.isEmpty()) {
            schedule.execute(() -> reconcile.accept(name));
        } else if (firstSeen.putIfAbsent(roundKey(stream, closing), System.nanoTime()) == null) {
            schedule.schedule(() -> reconcile.accept(name), ROUND_WAIT.toMillis() + 20, TimeUnit.MILLISECONDS);
        }
    }

    private static String roundKey(StreamMetadata stream, List<ShardMetadata> closing) {
        return stream.getName() + "/" + stream.getIncarnation() + "/"
                + closing.stream().map(s -> String.valueOf(s.getIndex())).toList();
    }

    private static <T> T await(CompletableFuture<T> future, String what) throws InterruptedException {
        try {
            return future.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka failed " + what + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer in time " + what);
        }
    }
}

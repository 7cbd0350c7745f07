package io.millrace.analytics.source;

import io.millrace.analytics.access.RoleAccess;
import io.millrace.analytics.access.StreamAccessDeniedException;
import io.millrace.analytics.metadata.StreamMetadataReader;
import io.millrace.kinesis.model.ShardId;
import io.millrace.schemas.kinesis.StreamMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.flink.util.FlinkRuntimeException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands out one split per shard, parents before children. It re-reads the stream's shard map on the discovery
 * interval; a shard is given to a reader only once each of its parents was read to its end (the closed parent's end
 * offset from the metadata), so every partition key's records come out in order across splits and merges, as the
 * Kinesis client libraries guarantee. With {@code childrenAfterCheckpoint} a child also waits for a checkpoint
 * taken after its parents finished, which completes only once every operator processed the parents' records, so
 * the order holds through the whole job; without it, a child goes to the reader that finished its parent, so its
 * records follow the parent's on the same output channel. With {@link RoleAccess} it hands out nothing before the
 * gateway authorized the reads ({@link ReadAuthorizer}), and fails the job when a later check is refused.
 */
final class ShardEnumerator implements SplitEnumerator<KafkaPartitionSplit, EnumeratorState> {

    private static final Logger LOG = LoggerFactory.getLogger(ShardEnumerator.class);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final SplitEnumeratorContext<KafkaPartitionSplit> context;
    private final SourceConfig config;
    private final Set<Integer> finished;
    private final Set<Integer> assigned;
    private final Map<Integer, KafkaPartitionSplit> pending = new TreeMap<>();
    private volatile boolean started;
    private volatile boolean closed;

    private final Set<Integer> finishedSinceCheckpoint = new HashSet<>();
    private final TreeMap<Long, Set<Integer>> finishedAwaitingCheckpoint = new TreeMap<>();
    private final Map<Integer, Integer> finishedBy = new HashMap<>();
    private final Set<Integer> announcedEnds = new HashSet<>();
    private final Set<Integer> toldNoMoreSplits = new HashSet<>();
    private ShardLineage lineage;
    private Admin admin;
    private ReadAuthorizer authorizer;
    private boolean authorized;

    ShardEnumerator(SplitEnumeratorContext<KafkaPartitionSplit> context, SourceConfig config, EnumeratorState state) {
        this.context = context;
        this.config = config;
        this.finished = new HashSet<>(state.finished());
        this.assigned = new HashSet<>(state.assigned());
        for (KafkaPartitionSplit split : state.pending()) {
            pending.put(split.getPartition(), split);
        }
        this.started = state.started();
    }

    @Override
    public void start() {
        Properties props = new Properties();
        props.putAll(config.kafkaProperties());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        admin = Admin.create(props);
        if (config.access() == null) {
            startDiscovery();
            return;
        }
        // No shard is handed out before the role may read the stream, and the answer is asked again while it runs.
        authorizer = ReadAuthorizer.of(config.access());
        context.callAsync(
                this::authorize,
                this::onAuthorization,
                0,
                config.access().recheckInterval().toMillis());
    }

    private Boolean authorize() {
        authorizer.authorize(config.stream());
        return Boolean.TRUE;
    }

    /**
     * A refusal fails the job (an exception from a handler fails it, and Flink restarts it per its restart strategy).
     * An answer that decides nothing (the gateway unreachable, throttled) fails a source that never read, and is
     * logged and asked again on the next interval otherwise.
     */
    private void onAuthorization(Boolean allowed, Throwable error) {
        if (closed) {
            return;
        }
        if (error instanceof StreamAccessDeniedException denied) {
            LOG.warn("Stream {}: reads refused, failing the job: {}", config.stream(), denied.getMessage());
            throw denied;
        }
        if (error != null) {
            if (!authorized) {
                throw new FlinkRuntimeException(
                        "Cannot authorize reads of stream " + config.stream() + ": " + error.getMessage(), error);
            }
            LOG.warn(
                    "Stream {}: read authorization undecided, asking again in {}: {}",
                    config.stream(),
                    config.access().recheckInterval(),
                    error.toString());
            return;
        }
        if (!authorized) {
            authorized = true;
            LOG.info(
                    "Stream {}: reads authorized, checked again every {}",
                    config.stream(),
                    config.access().recheckInterval());
            startDiscovery();
        }
    }

    private void startDiscovery() {
        if (config.stop().bounded()) {
            context.callAsync(this::discover, this::onDiscovery);
        } else {
            context.callAsync(
                    this::discover,
                    this::onDiscovery,
                    0,
                    config.shardDiscoveryInterval().toMillis());
        }
    }

    /** What one look at the stream shows; computed off the coordinator thread. */
    private record Discovery(
            ShardLineage lineage, int partitions, Map<Integer, Long> initialStarts, Map<Integer, Long> boundedStops) {}

    private Discovery discover() throws Exception {
        StreamMetadata metadata = new StreamMetadataReader(
                        config.bootstrapServers(), config.kafkaProperties(), config.metadataTopic())
                .read(config.stream())
                .orElseThrow(() -> new IllegalStateException("Stream " + config.stream() + " not found"));
        ShardLineage seen = ShardLineage.of(metadata);
        String topic = seen.topic();
        int partitions = admin.describeTopics(List.of(topic))
                .allTopicNames()
                .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .get(topic)
                .partitions()
                .size();
        Map<Integer, Long> starts = Map.of();
        Map<Integer, Long> stops = Map.of();
        if (!started) {
            starts = switch (config.start().kind()) {
                case TRIM_HORIZON -> Map.of();
                case LATEST -> offsets(topic, partitions, OffsetSpec.latest());
                case AT_TIMESTAMP ->
                    offsets(
                            topic,
                            partitions,
                            OffsetSpec.forTimestamp(config.start().timestampMillis()));
            };
            stops = switch (config.stop().kind()) {
                case UNBOUNDED -> Map.of();
                case LATEST -> offsets(topic, partitions, OffsetSpec.latest());
                case AT_TIMESTAMP ->
                    offsets(
                            topic,
                            partitions,
                            OffsetSpec.forTimestamp(config.stop().timestampMillis()));
            };
        }
        return new Discovery(seen, partitions, starts, stops);
    }

    /** Offsets per partition; a timestamp after the last record gives the log end, where the next record goes. */
    private Map<Integer, Long> offsets(String topic, int partitions, OffsetSpec spec) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(topic, p), spec);
        }
        Map<TopicPartition, ListOffsetsResultInfo> found =
                admin.listOffsets(request).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        Map<Integer, Long> offsets = new HashMap<>();
        found.forEach((tp, info) -> {
            if (info.offset() >= 0) {
                offsets.put(tp.partition(), info.offset());
            } else {
                ends.put(tp, OffsetSpec.latest());
            }
        });
        if (!ends.isEmpty()) {
            admin.listOffsets(ends)
                    .all()
                    .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .forEach((tp, info) -> offsets.put(tp.partition(), info.offset()));
        }
        return offsets;
    }

    private void onDiscovery(Discovery discovery, Throwable error) {
        if (closed) {
            // A discovery interrupted by the job stopping is no failure.
            return;
        }
        if (error != null) {
            if (!started) {
                throw new FlinkRuntimeException(
                        "Cannot read the shards of stream " + config.stream() + ": " + error.getMessage(), error);
            }
            LOG.warn(
                    "Stream {}: shard discovery failed, retrying in {}: {}",
                    config.stream(),
                    config.shardDiscoveryInterval(),
                    error.toString());
            return;
        }
        lineage = discovery.lineage();
        List<Integer> found = new ArrayList<>();
        for (ShardLineage.Shard shard : lineage.shards().values()) {
            int index = shard.index();
            if (index >= discovery.partitions()
                    || known(index)
                    || (config.stop().bounded() && started)) {
                continue;
            }
            long start = started
                    ? KafkaPartitionSplit.EARLIEST_OFFSET
                    : discovery.initialStarts().getOrDefault(index, KafkaPartitionSplit.EARLIEST_OFFSET);
            long stop = shard.closed() ? shard.endOffset() : KafkaPartitionSplit.NO_STOPPING_OFFSET;
            Long bound = discovery.boundedStops().get(index);
            if (bound != null) {
                stop = stop >= 0 ? Math.min(stop, bound) : bound;
            }
            if (stop >= 0 && start >= 0 && start >= stop) {
                // Nothing to read (a closed shard before the start position): its children need not wait for it.
                finished.add(index);
                continue;
            }
            pending.put(index, new KafkaPartitionSplit(new TopicPartition(lineage.topic(), index), start, stop));
            found.add(index);
        }
        if (!found.isEmpty()) {
            LOG.info(
                    "Stream {}: {} shards {} to read, each after its parents",
                    config.stream(),
                    started ? "new" : "initial",
                    found);
        }
        started = true;
        Map<Integer, Long> closed = newlyClosed();
        if (!closed.isEmpty()) {
            LOG.info("Stream {}: shards {} closed, reading them to their end", config.stream(), closed.keySet());
        }
        announceClosedShards(closed, context.registeredReaders().keySet());
        assignPending();
    }

    private boolean known(int index) {
        return finished.contains(index)
                || assigned.contains(index)
                || pending.containsKey(index)
                || finishedSinceCheckpoint.contains(index)
                || finishedAwaitingCheckpoint.values().stream().anyMatch(s -> s.contains(index));
    }

    /** Shards read while open that have closed since: their readers must learn where they end. */
    private Map<Integer, Long> newlyClosed() {
        Map<Integer, Long> ends = new TreeMap<>();
        for (ShardLineage.Shard shard : lineage.shards().values()) {
            if (!shard.closed()) {
                continue;
            }
            KafkaPartitionSplit waiting = pending.get(shard.index());
            if (waiting != null
                    && waiting.getStoppingOffset().filter(s -> s >= 0).isEmpty()) {
                pending.put(
                        shard.index(),
                        new KafkaPartitionSplit(
                                waiting.getTopicPartition(), waiting.getStartingOffset(), shard.endOffset()));
            }
            if (assigned.contains(shard.index()) && announcedEnds.add(shard.index())) {
                ends.put(shard.index(), shard.endOffset());
            }
        }
        return ends;
    }

    private void announceClosedShards(Map<Integer, Long> ends, Set<Integer> readers) {
        if (ends.isEmpty()) {
            return;
        }
        for (int reader : readers) {
            context.sendEventToSourceReader(reader, new ShardEvents.ShardsClosed(ends));
        }
    }

    private void assignPending() {
        if (lineage == null) {
            return;
        }
        Set<Integer> readers = context.registeredReaders().keySet();
        Map<Integer, List<KafkaPartitionSplit>> assignment = new HashMap<>();
        for (KafkaPartitionSplit split : List.copyOf(pending.values())) {
            int index = split.getPartition();
            if (!lineage.parentsDone(index, finished)) {
                continue;
            }
            int owner = ownerOf(index);
            if (!readers.contains(owner)) {
                continue;
            }
            assignment.computeIfAbsent(owner, r -> new ArrayList<>()).add(split);
            pending.remove(index);
            assigned.add(index);
        }
        if (!assignment.isEmpty()) {
            context.assignSplits(new SplitsAssignment<>(assignment));
        }
        if (config.stop().bounded() && started && pending.isEmpty()) {
            for (int reader : readers) {
                if (toldNoMoreSplits.add(reader)) {
                    context.signalNoMoreSplits(reader);
                }
            }
        }
    }

    /**
     * Without the checkpoint wait, a child stays on its parent's reader so its records follow the parent's on one
     * output channel (all of a split lineage on one reader); with it, shards spread evenly over the readers.
     */
    private int ownerOf(int index) {
        ShardLineage.Shard shard = lineage.shards().get(index);
        if (shard != null && !config.childrenAfterCheckpoint()) {
            for (int parent : shard.parents()) {
                Integer reader = finishedBy.get(parent);
                if (reader != null && context.registeredReaders().containsKey(reader)) {
                    return reader;
                }
            }
        }
        return index % context.currentParallelism();
    }

    @Override
    public void handleSourceEvent(int subtaskId, SourceEvent event) {
        if (!(event instanceof ShardEvents.ShardsFinished done)) {
            return;
        }
        for (int index : done.partitions()) {
            assigned.remove(index);
            finishedBy.put(index, subtaskId);
            if (finished.contains(index)) {
                continue;
            }
            if (config.childrenAfterCheckpoint()) {
                finishedSinceCheckpoint.add(index);
            } else {
                finished.add(index);
            }
            LOG.info("Stream {}: shard {} read to its end", config.stream(), ShardId.format(index));
        }
        context.sendEventToSourceReader(subtaskId, new ShardEvents.FinishedRecorded(done.partitions()));
        assignPending();
    }

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
        // Splits are pushed as shards become readable.
    }

    @Override
    public void addSplitsBack(List<KafkaPartitionSplit> splits, int subtaskId) {
        for (KafkaPartitionSplit split : splits) {
            assigned.remove(split.getPartition());
            pending.put(split.getPartition(), split);
        }
        assignPending();
    }

    @Override
    public void addReader(int subtaskId) {
        if (lineage != null) {
            Map<Integer, Long> ends = new TreeMap<>();
            for (ShardLineage.Shard shard : lineage.shards().values()) {
                if (shard.closed() && assigned.contains(shard.index())) {
                    ends.put(shard.index(), shard.endOffset());
                }
            }
            announceClosedShards(ends, Set.of(subtaskId));
        }
        assignPending();
    }

    @Override
    public EnumeratorState snapshotState(long checkpointId) {
        if (!finishedSinceCheckpoint.isEmpty()) {
            finishedAwaitingCheckpoint.put(checkpointId, new HashSet<>(finishedSinceCheckpoint));
            finishedSinceCheckpoint.clear();
        }
        // Restored from this checkpoint, the parents' records are behind its barriers: their children may go.
        Set<Integer> done = new HashSet<>(finished);
        finishedAwaitingCheckpoint.values().forEach(done::addAll);
        return new EnumeratorState(done, assigned, List.copyOf(pending.values()), started);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        Map<Long, Set<Integer>> complete = finishedAwaitingCheckpoint.headMap(checkpointId, true);
        if (complete.isEmpty()) {
            return;
        }
        complete.values().forEach(finished::addAll);
        complete.clear();
        assignPending();
    }

    @Override
    public void close() {
        closed = true;
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        if (authorizer != null) {
            authorizer.close();
        }
    }
}

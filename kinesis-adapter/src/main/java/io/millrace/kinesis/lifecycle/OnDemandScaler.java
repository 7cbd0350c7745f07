package io.millrace.kinesis.lifecycle;

import io.millrace.kinesis.metadata.MetadataStore;
import io.millrace.kinesis.model.ShardId;
import io.millrace.kinesis.model.Shards;
import io.millrace.schemas.kinesis.ShardMetadata;
import io.millrace.schemas.kinesis.StreamMetadata;
import io.millrace.schemas.kinesis.StreamMode;
import io.millrace.schemas.kinesis.StreamStatus;
import java.math.BigInteger;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scales ON_DEMAND streams up, as AWS's on-demand mode does: once a second it samples what was written to each
 * open shard ({@link ShardHeat}: by every gateway of the cluster, with {@code millrace.kinesis.cluster-usage}); a shard whose load stays at or above {@code threshold} of a shard's write capacity (1 MiB/s or
 * 1,000 records/s, whichever it is closer to) for {@code hotFor} is split at the middle of its hash key range,
 * through the same reshard protocol as SplitShard. One split per stream at a time (the stream is UPDATING
 * meanwhile); never beyond the account's shard quota. Every gateway sees the same heat and may try the split: the
 * first one's reshard makes the stream UPDATING, and the others find it so and leave it.
 */
public final class OnDemandScaler implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(OnDemandScaler.class);
    /** Per-shard write capacity of Kinesis: 1 MiB/s and 1,000 records/s. */
    private static final double SHARD_BYTES_PER_SECOND = 1024 * 1024;

    private static final double SHARD_RECORDS_PER_SECOND = 1000;
    public static final Duration SAMPLE_PERIOD = Duration.ofSeconds(1);

    private final MetadataStore store;
    private final Resharder resharder;
    private final ShardHeat heat;
    private final double threshold;
    private final Duration hotFor;
    private final IntSupplier openShardsLimit;
    private final Map<String, Long> hotSince = new ConcurrentHashMap<>();
    private long lastSampleNanos = System.nanoTime();

    public OnDemandScaler(
            MetadataStore store,
            Resharder resharder,
            ShardHeat heat,
            double threshold,
            Duration hotFor,
            IntSupplier openShardsLimit) {
        this.store = store;
        this.resharder = resharder;
        this.heat = heat;
        this.threshold = threshold;
        this.hotFor = hotFor;
        this.openShardsLimit = openShardsLimit;
    }

    @Override
    public void run() {
        try {
            long now = System.nanoTime();
            double seconds = Math.max(0.001, (now - lastSampleNanos) / 1e9);
            lastSampleNanos = now;
            Set<String> seen = new HashSet<>();
            for (StreamMetadata stream : store.streams()) {
                if (stream.getMode() != StreamMode.ON_DEMAND || stream.getStatus() != StreamStatus.ACTIVE) {
                    continue;
                }
                for (ShardMetadata shard : Shards.current(stream)) {
                    ShardHeat.Load load = heat.takeSample(stream.getName(), shard.getIndex());
                    double utilisation = Math.max(
                            load.bytes() / seconds / SHARD_BYTES_PER_SECOND,
                            load.records() / seconds / SHARD_RECORDS_PER_SECOND);
                    String key = stream.getName() + "/" + stream.getIncarnation() + "/" + shard.getIndex();
                    seen.add(key);
                    if (utilisation < threshold) {
                        hotSince.remove(key);
                    } else if (now - hotSince.computeIfAbsent(key, k -> now) >= hotFor.toNanos()) {
                        hotSince.remove(key);
                        split(stream.getName(), shard.getIndex(), utilisation);
                        break;
                    }
                }
            }
            hotSince.keySet().retainAll(seen);
        } catch (RuntimeException e) {
            LOG.warn("On-demand scaling pass failed: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void split(String name, int index, double utilisation) throws InterruptedException {
        try {
            resharder.begin(
                    name,
                    stream -> {
                        ShardMetadata shard = Shards.find(stream, index)
                                .filter(Shards::isCurrent)
                                .orElseThrow(() -> new NotScalable("shard " + index + " is no longer open"));
                        if (stream.getStatus() != StreamStatus.ACTIVE || stream.getMode() != StreamMode.ON_DEMAND) {
                            throw new NotScalable("stream is " + stream.getStatus() + " " + stream.getMode());
                        }
                        int open = store.streams().stream()
                                .mapToInt(Shards::openCount)
                                .sum();
                        if (open + 1 > openShardsLimit.getAsInt()) {
                            throw new NotScalable("the account's shard quota is reached");
                        }
                        BigInteger start = new BigInteger(shard.getStartingHashKey());
                        BigInteger end = new BigInteger(shard.getEndingHashKey());
                        if (end.subtract(start).compareTo(BigInteger.valueOf(4)) < 0) {
                            throw new NotScalable("its hash key range is too narrow");
                        }
                        return ReshardPlan.split(
                                shard, start.add(end).add(BigInteger.ONE).shiftRight(1));
                    },
                    next -> {},
                    missing -> new NotScalable("stream is gone"));
            LOG.info(
                    "On-demand stream {}: shard {} ran at {}% of a shard's write capacity; split it",
                    name, ShardId.format(index), Math.round(utilisation * 100));
        } catch (NotScalable e) {
            LOG.info(
                    "On-demand stream {}: shard {} is hot but not split: {}",
                    name,
                    ShardId.format(index),
                    e.getMessage());
        }
    }

    /** A hot shard that cannot be split now. */
    private static final class NotScalable extends RuntimeException {
        NotScalable(String message) {
            super(message, null, false, false);
        }
    }
}

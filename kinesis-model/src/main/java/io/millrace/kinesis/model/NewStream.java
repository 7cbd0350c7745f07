package io.millrace.kinesis.model;

import io.millrace.kinesis.model.routing.HashKeyRange;
import io.millrace.schemas.kinesis.ShardMetadata;
import io.millrace.schemas.kinesis.StreamMetadata;
import io.millrace.schemas.kinesis.StreamMode;
import io.millrace.schemas.kinesis.StreamStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * A new stream's metadata as CreateStream writes it. Everything that creates a stream (the API, test fixtures)
 * starts here, so a stream made outside the gateway has the shard map the gateway would have given it.
 */
public final class NewStream {

    /** CreateStream's retention: 24 hours until IncreaseStreamRetentionPeriod (Kinesis API reference). */
    public static final int DEFAULT_RETENTION_HOURS = 24;
    /** CreateStream's MaxRecordSizeInKiB when the request leaves it out: 1 MiB (Kinesis API reference). */
    public static final int DEFAULT_MAX_RECORD_SIZE_KIB = 1024;

    private NewStream() {}

    /** {@code count} open shards, indexes 0 to count - 1, splitting the hash key space evenly as Kinesis does. */
    public static List<ShardMetadata> shards(int count, long nowMillis) {
        List<HashKeyRange> ranges = HashKeyRange.evenSplit(count);
        List<ShardMetadata> shards = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            shards.add(ShardMetadata.newBuilder()
                    .setIndex(i)
                    .setStartingHashKey(ranges.get(i).start().toDecimal())
                    .setEndingHashKey(ranges.get(i).end().toDecimal())
                    .setCreatedAtMillis(nowMillis)
                    .build());
        }
        return shards;
    }

    /**
     * The first version of a stream: CREATING, with {@link #shards} and AWS's defaults, no tags. The caller sets
     * what its request chose before building it.
     */
    public static StreamMetadata.Builder metadata(
            String name, String incarnation, String topic, StreamMode mode, int shardCount, long nowMillis) {
        return metadata(name, incarnation, topic, mode, shards(shardCount, nowMillis), nowMillis);
    }

    /** The first version of a stream with a shard map of the caller's (tests start from a resharded one). */
    public static StreamMetadata.Builder metadata(
            String name,
            String incarnation,
            String topic,
            StreamMode mode,
            List<ShardMetadata> shards,
            long nowMillis) {
        return StreamMetadata.newBuilder()
                .setName(name)
                .setIncarnation(incarnation)
                .setVersion(1)
                .setStatus(StreamStatus.CREATING)
                .setMode(mode)
                .setTopic(topic)
                .setCreatedAtMillis(nowMillis)
                .setUpdatedAtMillis(nowMillis)
                .setRetentionHours(DEFAULT_RETENTION_HOURS)
                .setMaxRecordSizeKiB(DEFAULT_MAX_RECORD_SIZE_KIB)
                .setShards(shards);
    }
}

package io.millrace.kinesis.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.gateway.protocol.Fields;
import io.millrace.gateway.protocol.Validation;
import io.millrace.gateway.protocol.WireFormat;
import io.millrace.kinesis.errors.KinesisErrors;
import io.millrace.kinesis.model.Shards;
import io.millrace.schemas.kinesis.ShardMetadata;
import io.millrace.schemas.kinesis.StreamMetadata;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * ListShards' ShardFilter, as the API reference defines each type. Shards live from their creation to their
 * closing; a closed shard whose whole life lies before the trim horizon (now minus the retention period) holds no
 * data any more and is never listed, whatever the filter, as with AWS.
 */
record ShardFilter(String type, int afterIndex, Long timestampMillis) {

    private static final Set<String> TYPES = Set.of(
            "AFTER_SHARD_ID", "AT_TRIM_HORIZON", "FROM_TRIM_HORIZON", "AT_LATEST", "AT_TIMESTAMP", "FROM_TIMESTAMP");
    /** No ShardFilter: FROM_TRIM_HORIZON is the default (API reference). */
    static final ShardFilter NONE = new ShardFilter("FROM_TRIM_HORIZON", -1, null);

    static ShardFilter read(JsonNode node, WireFormat format, Validation validation) {
        if (node == null) {
            return NONE;
        }
        String type = Fields.text(node, "Type");
        String shardId = Fields.text(node, "ShardId");
        Instant timestamp = Fields.timestamp(node, "Timestamp", format);
        validation
                .required("shardFilter.type", type)
                .oneOf("shardFilter.type", type, TYPES)
                .length("shardFilter.shardId", shardId, 1, 128)
                .pattern("shardFilter.shardId", shardId, StreamLookup.STREAM_NAME);
        if (!validation.isValid()) {
            return NONE;
        }
        boolean afterShard = type.equals("AFTER_SHARD_ID");
        boolean byTime = type.equals("AT_TIMESTAMP") || type.equals("FROM_TIMESTAMP");
        if (afterShard != (shardId != null)) {
            throw KinesisErrors.invalidArgument(
                    afterShard
                            ? "ShardId must be specified in the ShardFilter when its Type is AFTER_SHARD_ID."
                            : "ShardId can only be specified in the ShardFilter when its Type is AFTER_SHARD_ID.");
        }
        if (byTime != (timestamp != null)) {
            throw KinesisErrors.invalidArgument(
                    byTime
                            ? "Timestamp must be specified in the ShardFilter when its Type is " + type + "."
                            : "Timestamp can only be specified in the ShardFilter when its Type is AT_TIMESTAMP or"
                                    + " FROM_TIMESTAMP.");
        }
        return new ShardFilter(
                type,
                afterShard ? ExclusiveStart.afterIndex(shardId) : -1,
                timestamp == null ? null : timestamp.toEpochMilli());
    }

    boolean keeps(StreamMetadata stream, ShardMetadata shard, long now) {
        if (!Shards.isListed(stream, shard)) {
            return false;
        }
        // The trim horizon is the oldest data point: never before the stream itself.
        long trimHorizon =
                Math.max(now - Duration.ofHours(stream.getRetentionHours()).toMillis(), stream.getCreatedAtMillis());
        Long closed = shard.getClosedAtMillis();
        if (closed != null && closed < trimHorizon) {
            return false;
        }
        return switch (type) {
            case "AFTER_SHARD_ID" -> shard.getIndex() > afterIndex;
            case "AT_LATEST" -> closed == null;
            case "AT_TRIM_HORIZON" -> openAt(shard, trimHorizon);
            // Timestamps before the trim horizon are corrected to it (API reference, FROM_TIMESTAMP).
            case "AT_TIMESTAMP" -> openAt(shard, Math.max(timestampMillis, trimHorizon));
            case "FROM_TIMESTAMP" -> closed == null || closed >= Math.max(timestampMillis, trimHorizon);
            default -> true;
        };
    }

    private static boolean openAt(ShardMetadata shard, long time) {
        return shard.getCreatedAtMillis() <= time
                && (shard.getClosedAtMillis() == null || shard.getClosedAtMillis() >= time);
    }
}

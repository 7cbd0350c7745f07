package io.millrace.kinesis.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.protocol.WireCodec;
import io.millrace.kinesis.metadata.ConsumerStates;
import io.millrace.kinesis.model.ShardId;
import io.millrace.kinesis.model.Shards;
import io.millrace.schemas.kinesis.ShardMetadata;
import io.millrace.schemas.kinesis.StreamMetadata;
import java.time.Instant;
import java.util.List;

/** The response structures that describe streams and shards, with AWS's member names. */
public final class StreamShapes {

    private StreamShapes() {}

    /**
     * The children of a closed shard as GetRecords and SubscribeToShard report them at its end: each child's id,
     * its parents and its hash key range.
     */
    public static ArrayNode childShards(StreamMetadata stream, ShardMetadata parent) {
        ArrayNode children = WireCodec.object().arrayNode();
        stream.getShards().stream()
                .filter(s -> s.getParentIndex() != null
                        && (s.getParentIndex() == parent.getIndex()
                                || (s.getAdjacentParentIndex() != null
                                        && s.getAdjacentParentIndex() == parent.getIndex())))
                .forEach(child -> {
                    ObjectNode node = children.addObject();
                    node.put("ShardId", ShardId.format(child.getIndex()));
                    ArrayNode parents = node.putArray("ParentShards");
                    parents.add(ShardId.format(child.getParentIndex()));
                    if (child.getAdjacentParentIndex() != null) {
                        parents.add(ShardId.format(child.getAdjacentParentIndex()));
                    }
                    node.set("HashKeyRange", shard(child).get("HashKeyRange"));
                });
        return children;
    }

    static ObjectNode shard(ShardMetadata shard) {
        ObjectNode node = WireCodec.object();
        node.put("ShardId", ShardId.format(shard.getIndex()));
        if (shard.getParentIndex() != null) {
            node.put("ParentShardId", ShardId.format(shard.getParentIndex()));
        }
        if (shard.getAdjacentParentIndex() != null) {
            node.put("AdjacentParentShardId", ShardId.format(shard.getAdjacentParentIndex()));
        }
        ObjectNode range = node.putObject("HashKeyRange");
        range.put("StartingHashKey", shard.getStartingHashKey());
        range.put("EndingHashKey", shard.getEndingHashKey());
        ObjectNode sequences = node.putObject("SequenceNumberRange");
        sequences.put("StartingSequenceNumber", Shards.startingSequenceNumber(shard));
        String ending = Shards.endingSequenceNumber(shard);
        if (ending != null) {
            sequences.put("EndingSequenceNumber", ending);
        }
        return node;
    }

    static ObjectNode modeDetails(StreamMetadata stream) {
        ObjectNode node = WireCodec.object();
        node.put("StreamMode", stream.getMode().name());
        return node;
    }

    static ArrayNode enhancedMonitoring(StreamMetadata stream) {
        ArrayNode list = WireCodec.object().arrayNode();
        ArrayNode metrics = list.addObject().putArray("ShardLevelMetrics");
        stream.getShardLevelMetrics().forEach(metrics::add);
        return list;
    }

    static void common(ObjectNode node, StreamMetadata stream, String arn) {
        node.put("StreamName", stream.getName());
        node.put("StreamARN", arn);
        node.put("StreamStatus", stream.getStatus().name());
        node.set("StreamModeDetails", modeDetails(stream));
        node.put("RetentionPeriodHours", stream.getRetentionHours());
        node.putPOJO("StreamCreationTimestamp", Instant.ofEpochMilli(stream.getCreatedAtMillis()));
        node.set("EnhancedMonitoring", enhancedMonitoring(stream));
        node.put("EncryptionType", stream.getEncryptionType());
        if (stream.getKeyId() != null) {
            node.put("KeyId", stream.getKeyId());
        }
    }

    static ObjectNode description(StreamMetadata stream, String arn, List<ShardMetadata> page, boolean hasMore) {
        ObjectNode node = WireCodec.object();
        common(node, stream, arn);
        ArrayNode shards = node.putArray("Shards");
        page.forEach(shard -> shards.add(shard(shard)));
        node.put("HasMoreShards", hasMore);
        return node;
    }

    static ObjectNode summary(StreamMetadata stream, String arn) {
        ObjectNode node = WireCodec.object();
        common(node, stream, arn);
        node.put(
                "OpenShardCount",
                Shards.open(stream).stream()
                        .filter(s -> Shards.isListed(stream, s))
                        .count());
        node.put(
                "ConsumerCount",
                ConsumerStates.registered(stream.getConsumers()).size());
        node.put("MaxRecordSizeInKiB", stream.getMaxRecordSizeKiB());
        // Records go where their partition key's MD5 routes them: AWS's default strategy. This member is newer than
        // the botocore model here (SDKs ignore members they do not know); the KPL 1.x reads it to decide how to
        // aggregate, and warns when it is missing.
        node.put("RecordDistributionStrategy", "USER_PARTITION_KEY");
        return node;
    }

    static ObjectNode listEntry(StreamMetadata stream, String arn) {
        ObjectNode node = WireCodec.object();
        node.put("StreamName", stream.getName());
        node.put("StreamARN", arn);
        node.put("StreamStatus", stream.getStatus().name());
        node.set("StreamModeDetails", modeDetails(stream));
        node.putPOJO("StreamCreationTimestamp", Instant.ofEpochMilli(stream.getCreatedAtMillis()));
        return node;
    }
}

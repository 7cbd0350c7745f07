package io.millrace.kinesis.metadata;

import io.millrace.kinesis.routing.HashKey;
import io.millrace.kinesis.routing.HashKeyRange;
import io.millrace.kinesis.routing.ShardRouter;
import io.millrace.schemas.kinesis.SequenceNumber;
import io.millrace.schemas.kinesis.ShardMetadata;
import io.millrace.schemas.kinesis.StreamMetadata;
import io.millrace.schemas.kinesis.StreamStatus;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/** Questions about a stream's shard map, answered from its metadata. */
public final class Shards {

    private static final String PREFIX = "shardId-";

    private Shards() {
    }

    public static String shardId(int index) {
        return String.format("%s%012d", PREFIX, index);
    }

    /** The index of a shard id; -1 when it is not {@code shardId-} and digits. */
    public static int parseShardId(String shardId) {
        if (shardId == null || !shardId.startsWith(PREFIX) || shardId.length() > PREFIX.length() + 12) {
            return -1;
        }
        String digits = shardId.substring(PREFIX.length());
        if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Long.parseLong(digits) > Integer.MAX_VALUE ? -1 : Integer.parseInt(digits);
    }

    public static Optional<ShardMetadata> find(StreamMetadata stream, int index) {
        for (ShardMetadata shard : stream.getShards()) {
            if (shard.getIndex() == index) {
                return Optional.of(shard);
            }
        }
        return Optional.empty();
    }

    public static boolean isOpen(ShardMetadata shard) {
        return shard.getClosedAtMillis() == null;
    }

    /**
     * Whether new records may go to the shard: open and not being closed by a reshard. A closing shard's range
     * already belongs to its children; it only stays open until no gateway can still route to it.
     */
    public static boolean isRoutable(ShardMetadata shard) {
        return shard.getClosedAtMillis() == null && shard.getClosingAtMillis() == null;
    }

    /** Shards a reshard marked closing whose end offset is not yet fixed. */
    public static List<ShardMetadata> closing(StreamMetadata stream) {
        return stream.getShards().stream()
                .filter(s -> s.getClosingAtMillis() != null && s.getClosedAtMillis() == null).toList();
    }

    public static List<ShardMetadata> routable(StreamMetadata stream) {
        return stream.getShards().stream().filter(Shards::isRoutable).toList();
    }

    public static List<ShardMetadata> open(StreamMetadata stream) {
        return stream.getShards().stream().filter(Shards::isOpen).toList();
    }

    /** Open shards count against the account's shard quota, whatever the stream's state (but DELETING). */
    public static int openCount(StreamMetadata stream) {
        return stream.getStatus() == StreamStatus.DELETING ? 0 : open(stream).size();
    }

    public static long createdSeconds(ShardMetadata shard) {
        return shard.getCreatedAtMillis() / 1000;
    }

    public static String startingSequenceNumber(ShardMetadata shard) {
        return SequenceNumber.shardStart(createdSeconds(shard), shard.getIndex());
    }

    /** The last sequence number a closed shard can hold; null while it is open. */
    public static String endingSequenceNumber(ShardMetadata shard) {
        if (shard.getEndOffset() == null) {
            return null;
        }
        long lastOffset = Math.max(0, shard.getEndOffset() - 1);
        long closedSeconds = shard.getClosedAtMillis() / 1000;
        return SequenceNumber.format(createdSeconds(shard), shard.getIndex(), lastOffset, closedSeconds);
    }

    public static HashKeyRange range(ShardMetadata shard) {
        return new HashKeyRange(HashKey.of(new BigInteger(shard.getStartingHashKey())),
                HashKey.of(new BigInteger(shard.getEndingHashKey())));
    }

    public static ShardRouter router(StreamMetadata stream) {
        return new ShardRouter(routable(stream).stream()
                .map(shard -> new ShardRouter.Route(shard.getIndex(), range(shard)))
                .toList());
    }
}

package io.millrace.kinesis.model;

import io.millrace.kinesis.model.routing.HashKey;
import io.millrace.kinesis.model.routing.HashKeyRange;
import io.millrace.kinesis.model.routing.ShardRouter;
import io.millrace.schemas.kinesis.ShardMetadata;
import io.millrace.schemas.kinesis.StreamMetadata;
import io.millrace.schemas.kinesis.StreamStatus;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/** Questions about a stream's shard map, answered from its metadata. */
public final class Shards {

    private Shards() {}

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
     * Whether the shard belongs to the stream's current shard map: open and not being closed by a reshard. A
     * closing shard's range belongs to its children; it takes writes only until the cutover (see
     * {@link #takesWritesAt}) and stays open until no write routed before the cutover can still reach it.
     */
    public static boolean isCurrent(ShardMetadata shard) {
        return shard.getClosedAtMillis() == null && shard.getClosingAtMillis() == null;
    }

    /** Shards a reshard marked closing whose end offset is not yet fixed. */
    public static List<ShardMetadata> closing(StreamMetadata stream) {
        return stream.getShards().stream()
                .filter(s -> s.getClosingAtMillis() != null && s.getClosedAtMillis() == null)
                .toList();
    }

    /**
     * Whether DescribeStream and ListShards show the shard. While a reshard round runs (the stream is UPDATING) they
     * show the map as it was before the round, as AWS does: the children appear, and their parents close, when the
     * round ends and the stream is ACTIVE again (kinesalite, whose tests were recorded against AWS, does the same).
     * Records routed to a child after the cutover stay readable through it from then on, so nothing is missed by a
     * reader that lists shards again once the stream is ACTIVE, as AWS's resharding guide tells readers to.
     */
    public static boolean isListed(StreamMetadata stream, ShardMetadata shard) {
        return !closingParent(stream, shard.getParentIndex()) && !closingParent(stream, shard.getAdjacentParentIndex());
    }

    private static boolean closingParent(StreamMetadata stream, Integer parentIndex) {
        if (parentIndex == null) {
            return false;
        }
        ShardMetadata parent = find(stream, parentIndex).orElse(null);
        return parent != null && parent.getClosedAtMillis() == null && parent.getClosingAtMillis() != null;
    }

    public static List<ShardMetadata> current(StreamMetadata stream) {
        return stream.getShards().stream().filter(Shards::isCurrent).toList();
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
        return new HashKeyRange(
                HashKey.of(new BigInteger(shard.getStartingHashKey())),
                HashKey.of(new BigInteger(shard.getEndingHashKey())));
    }

    /**
     * Whether a put routed at {@code nowMillis} may go to the shard. A reshard does not hand its parents' ranges to
     * the children at once but at one instant written in the metadata, the parents' {@code closingAtMillis}: every
     * gateway routes the parents' keys to the parents before it and to the children from it. Since a gateway routes
     * only with a view renewed within the routing lease, and the instant is set further ahead than that lease, every
     * gateway knows the instant before it comes. So whichever gateways a producer alternates between, a key's
     * records never go to a child and then back to its parent, and a reader that reads parents first sees them in
     * order.
     */
    public static boolean takesWritesAt(StreamMetadata stream, ShardMetadata shard, long nowMillis) {
        if (shard.getClosedAtMillis() != null) {
            return false;
        }
        if (shard.getClosingAtMillis() != null) {
            return nowMillis < shard.getClosingAtMillis();
        }
        return !awaitsCutover(stream, shard.getParentIndex(), nowMillis)
                && !awaitsCutover(stream, shard.getAdjacentParentIndex(), nowMillis);
    }

    private static boolean awaitsCutover(StreamMetadata stream, Integer parentIndex, long nowMillis) {
        return closingParent(stream, parentIndex)
                && nowMillis < find(stream, parentIndex).get().getClosingAtMillis();
    }

    /** The first routing cutover after {@code nowMillis}, or {@link Long#MAX_VALUE}: a router is valid until then. */
    public static long nextCutover(StreamMetadata stream, long nowMillis) {
        long next = Long.MAX_VALUE;
        for (ShardMetadata shard : closing(stream)) {
            if (shard.getClosingAtMillis() > nowMillis) {
                next = Math.min(next, shard.getClosingAtMillis());
            }
        }
        return next;
    }

    /** The shards that take writes at {@code nowMillis}: their ranges cover the hash key space exactly once. */
    public static List<ShardMetadata> writableAt(StreamMetadata stream, long nowMillis) {
        return stream.getShards().stream()
                .filter(shard -> takesWritesAt(stream, shard, nowMillis))
                .toList();
    }

    public static ShardRouter router(StreamMetadata stream, long nowMillis) {
        return new ShardRouter(writableAt(stream, nowMillis).stream()
                .map(shard -> new ShardRouter.Route(shard.getIndex(), range(shard)))
                .toList());
    }
}

package io.millrace.kinesis.model.routing;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Finds the open shard that owns a hash key. Built once per shard map (open shards never overlap and together
 * cover the key space), then a binary search per record.
 */
public final class ShardRouter {

    /** An open shard: its index (the partition) and the range it owns. */
    public record Route(int shardIndex, HashKeyRange range) {}

    private final Route[] routes;

    public ShardRouter(List<Route> openShards) {
        this.routes = openShards.toArray(new Route[0]);
        Arrays.sort(routes, Comparator.comparing(route -> route.range().start()));
    }

    /** The shard index owning the key, or -1 when no open shard does (a stream with no open shard). */
    public int route(HashKey key) {
        int lo = 0;
        int hi = routes.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (routes[mid].range().start().compareTo(key) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (found < 0 || !routes[found].range().contains(key)) {
            return -1;
        }
        return routes[found].shardIndex();
    }
}

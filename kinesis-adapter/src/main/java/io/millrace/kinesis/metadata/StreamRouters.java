package io.millrace.kinesis.metadata;

import io.millrace.kinesis.routing.ShardRouter;
import io.millrace.schemas.kinesis.StreamMetadata;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Routers built once per version of a stream's shard map, so the put path only does a binary search. */
public final class StreamRouters {

    private record Cached(String incarnation, long version, ShardRouter router) {
    }

    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public ShardRouter routerFor(StreamMetadata stream) {
        Cached cached = cache.get(stream.getName());
        if (cached == null || cached.version() != stream.getVersion()
                || !cached.incarnation().equals(stream.getIncarnation())) {
            cached = new Cached(stream.getIncarnation(), stream.getVersion(), Shards.router(stream));
            cache.put(stream.getName(), cached);
        }
        return cached.router();
    }

    public void forget(String stream) {
        cache.remove(stream);
    }
}

package io.millrace.kinesis.metadata;

import io.millrace.kinesis.model.Shards;
import io.millrace.kinesis.model.routing.ShardRouter;
import io.millrace.schemas.kinesis.StreamMetadata;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Routers built once per version of a stream's shard map and routing cutover, so the put path only does a binary
 * search.
 */
public final class StreamRouters {

    private record Cached(String incarnation, long version, long validUntilMillis, ShardRouter router) {}

    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    /** The router for puts made at {@code nowMillis} (wall clock, as the cutover instants in the metadata). */
    public ShardRouter routerFor(StreamMetadata stream, long nowMillis) {
        Cached cached = cache.get(stream.getName());
        if (cached == null
                || cached.version() != stream.getVersion()
                || !cached.incarnation().equals(stream.getIncarnation())
                || nowMillis >= cached.validUntilMillis()) {
            cached = new Cached(
                    stream.getIncarnation(),
                    stream.getVersion(),
                    Shards.nextCutover(stream, nowMillis),
                    Shards.router(stream, nowMillis));
            cache.put(stream.getName(), cached);
        }
        return cached.router();
    }

    public void forget(String stream) {
        cache.remove(stream);
    }
}

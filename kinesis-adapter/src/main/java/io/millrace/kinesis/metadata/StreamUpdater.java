package io.millrace.kinesis.metadata;

import io.millrace.schemas.kinesis.StreamMetadata;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Read-modify-write of one stream's metadata with optimistic concurrency: the change is computed from the latest
 * state and retried on a conflict (the store's one retry policy), so its preconditions (which may throw) are always
 * checked against what wins.
 */
public final class StreamUpdater {

    private final MetadataStore store;
    private final Clock clock;

    public StreamUpdater(MetadataStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Applies {@code change} to the current state of {@code name}; {@code missing} makes the error to throw when the
     * stream does not exist. Blocks until the change is in the log and applied here.
     */
    public StreamMetadata update(
            String name, Consumer<StreamMetadata.Builder> change, Function<String, RuntimeException> missing)
            throws InterruptedException {
        return await(name, store.update(name, current -> {
            if (current == null) {
                throw missing.apply(name);
            }
            StreamMetadata.Builder next = StreamMetadata.newBuilder(current);
            change.accept(next);
            return next.setVersion(current.getVersion() + 1)
                    .setUpdatedAtMillis(clock.millis())
                    .build();
        }));
    }

    /** Writes a brand-new stream (version 1); fails with a conflict when the name is taken meanwhile. */
    public StreamMetadata create(StreamMetadata first) throws InterruptedException {
        return await(first.getName(), store.write(first));
    }

    private static StreamMetadata await(String name, CompletableFuture<StreamMetadata> write)
            throws InterruptedException {
        try {
            return write.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Metadata write timed out for stream " + name, e);
        }
    }
}

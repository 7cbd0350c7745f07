package io.millrace.kinesis.metadata;

import io.millrace.schemas.kinesis.StreamMetadata;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Read-modify-write of one stream's metadata with optimistic concurrency: the change is computed from the latest
 * state and retried on a conflict, so its preconditions (which may throw) are always checked against what wins.
 */
public final class StreamUpdater {

    private static final int ATTEMPTS = 8;

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
    public StreamMetadata update(String name, Consumer<StreamMetadata.Builder> change,
                                 Function<String, RuntimeException> missing) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            StreamMetadata current = store.stream(name).orElseThrow(() -> missing.apply(name));
            StreamMetadata.Builder next = StreamMetadata.newBuilder(current);
            change.accept(next);
            next.setVersion(current.getVersion() + 1).setUpdatedAtMillis(clock.millis());
            try {
                return store.write(next.build()).get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof MetadataConflictException) || attempt == ATTEMPTS) {
                    throw rethrow(e.getCause());
                }
                awaitSync();
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("Metadata write timed out for stream " + name, e);
            }
        }
    }

    /** Writes a brand-new stream (version 1); fails with a conflict when the name is taken meanwhile. */
    public StreamMetadata create(StreamMetadata first) throws InterruptedException {
        try {
            return store.write(first).get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Metadata write timed out for stream " + first.getName(), e);
        }
    }

    private void awaitSync() throws InterruptedException {
        try {
            store.sync().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            // The next attempt reads whatever view we have; a stale one only costs another conflict.
        }
    }

    private static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        return new IllegalStateException(cause);
    }
}

package io.millrace.launcher.up;

import io.millrace.launcher.exit.LauncherException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start of the platform as steps that each run once the steps they need have finished, on threads of their own:
 * most of a service's start is waiting on Kafka (a topic's leader, a group join), so independent services wait side by
 * side instead of one after the other. The first step to fail fails {@link #await} at once, without waiting for the
 * others; steps that depend on it fail with it and never run.
 */
final class StartSteps implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StartSteps.class);

    /** A start step: returns what it started, for the steps after it. */
    @FunctionalInterface
    interface Step<T> {
        T run() throws Exception;
    }

    private final long startedAt = System.nanoTime();
    private final CompletableFuture<Void> firstFailure = new CompletableFuture<>();
    private final List<CompletableFuture<?>> all = new CopyOnWriteArrayList<>();
    private final ExecutorService threads;

    StartSteps() {
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "millrace-start-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Runs {@code step} once every one of {@code after} has completed normally. */
    <T> CompletableFuture<T> start(String name, Step<T> step, CompletableFuture<?>... after) {
        CompletableFuture<T> done =
                CompletableFuture.allOf(after).thenApplyAsync(ignored -> timed(name, step), threads);
        done.whenComplete((value, error) -> {
            if (error != null) {
                firstFailure.completeExceptionally(error);
            }
        });
        all.add(done);
        return done;
    }

    private <T> T timed(String name, Step<T> step) {
        long begin = System.nanoTime();
        try {
            T value = step.run();
            LOG.debug(
                    "{} started in {} ms (at +{} ms)",
                    name,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));
            return value;
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    /** Waits for every step; throws the first failure as it was thrown. */
    void await(Duration timeout) throws Exception {
        CompletableFuture<Void> everything = CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
        try {
            CompletableFuture.anyOf(everything, firstFailure).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        } catch (TimeoutException e) {
            throw new LauncherException("the platform did not start within " + timeout.toMinutes() + " minutes");
        }
    }

    /** The value of a step that {@link #await} has seen complete. */
    static <T> T valueOf(CompletableFuture<T> step) {
        return step.join();
    }

    private static Exception unwrap(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof Error fatal) {
            throw fatal;
        }
        return (Exception) cause;
    }

    @Override
    public void close() {
        threads.shutdown();
    }
}

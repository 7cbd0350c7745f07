package io.millrace.firehose.delivery;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where a task's finished objects are written: a few threads, so that several PUTs are in flight while the task
 * fills the next buffer. One PUT at a time left the store mostly idle (one 5 MiB PUT takes about 30 ms on the
 * embedded store, the task then buffers for hundreds). With one thread the writes run in the caller's thread, in
 * order, as a single PUT at a time would.
 */
final class UploadPool implements AutoCloseable {
    private final ExecutorService threads;
    private final int parallelism;
    /** Uploads submitted and not finished: bounds the sealed objects waiting on disk. */
    private final AtomicInteger outstanding = new AtomicInteger();
    /** Uploads finished since the engine last looked: it then has results to collect. */
    private final AtomicInteger finished = new AtomicInteger();

    private final Object monitor = new Object();

    UploadPool(String streamName, int parallelism) {
        this.parallelism = parallelism;
        if (parallelism <= 1) {
            this.threads = null;
        } else {
            AtomicInteger index = new AtomicInteger();
            this.threads = Executors.newFixedThreadPool(parallelism, r -> {
                Thread t = new Thread(r, "firehose-upload-" + streamName + "-" + index.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
    }

    int parallelism() {
        return parallelism;
    }

    /** Runs {@code upload} on one of the pool's threads, or at once in the caller's with a parallelism of 1. */
    CompletableFuture<Void> submit(Runnable upload) {
        outstanding.incrementAndGet();
        CompletableFuture<Void> done = threads == null
                ? CompletableFuture.runAsync(upload, Runnable::run)
                : CompletableFuture.runAsync(upload, threads);
        return done.whenComplete((ignored, error) -> {
            outstanding.decrementAndGet();
            finished.incrementAndGet();
            synchronized (monitor) {
                monitor.notifyAll();
            }
        });
    }

    /** Forgets the uploads finished so far: the caller is about to collect them. */
    void takeFinished() {
        finished.set(0);
    }

    /** Whether some upload finished since {@link #takeFinished}: its result waits to be collected. */
    boolean hasFinished() {
        return finished.get() > 0;
    }

    /**
     * Waits, at most {@code timeoutMillis}, until fewer than twice the parallelism uploads are outstanding: one round
     * in flight and one queued behind it keep the store busy; more would only pile sealed objects up on disk while
     * the store is slower than the source.
     */
    void awaitCapacity(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (monitor) {
            while (outstanding.get() >= 2 * parallelism) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return;
                }
                monitor.wait(left);
            }
        }
    }

    @Override
    public void close() {
        if (threads == null) {
            return;
        }
        threads.shutdownNow();
        try {
            threads.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

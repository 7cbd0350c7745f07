package io.millrace.bench.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs N client loops on their own platform threads and waits for all of them. The first failure is rethrown once
 * every thread has ended, so a broken endpoint stops the run instead of leaving half the threads hammering it.
 */
public final class ClientThreads {

    /** One client loop; {@code index} tells the threads apart (shard to read, id prefix of records). */
    @FunctionalInterface
    public interface Loop {
        void run(int index) throws Exception;
    }

    private ClientThreads() {}

    /** {@link #runAll} from a daemon thread of its own: completes when every loop has ended, or with the failure. */
    public static CompletableFuture<Void> runAllInBackground(String name, int count, Loop loop) {
        return CompletableFuture.runAsync(() -> runAll(name, count, loop), command -> {
            Thread t = new Thread(command, name + "-threads");
            t.setDaemon(true);
            t.start();
        });
    }

    public static void runAll(String name, int count, Loop loop) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int index = i;
            Thread thread = new Thread(
                    () -> {
                        try {
                            loop.run(index);
                        } catch (Throwable t) {
                            failure.compareAndSet(null, t);
                        }
                    },
                    name + "-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                threads.forEach(Thread::interrupt);
                Thread.currentThread().interrupt();
                throw new BenchFailure("interrupted while waiting for the client threads");
            }
        }
        Throwable t = failure.get();
        if (t instanceof BenchFailure bf) {
            throw bf;
        }
        if (t != null) {
            throw new BenchFailure(name + " failed: " + t, t);
        }
    }
}

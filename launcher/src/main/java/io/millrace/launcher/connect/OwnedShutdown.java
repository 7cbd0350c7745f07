package io.millrace.launcher.connect;

import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.KafkaThread;

/**
 * Keeps the JVM shutdown hooks that Kafka code registers while starting a part the launcher stops itself. Kafka
 * Connect's {@code Connect.start()} adds a hook that stops the worker on SIGTERM; the launcher's own hook stops the
 * platform in order, the worker before S3 and Kafka. With both, the JVM runs them side by side: when Connect's hook
 * begins first, the launcher's {@code Connect.stop()} returns at once (the worker is already stopping) while the herder
 * is still halting its tasks and its three logs, so Kafka could stop under those clients, which then retried against a
 * gone broker and kept Connect's hook (and so the JVM) running until the stop watchdog halted it. Kafka registers
 * every such hook through {@link Exit#addShutdownHook}, whose adder is replaceable: hooks added by a thread inside
 * {@link #keeping} are handed back instead of registered; any other is registered as Kafka's own adder does.
 */
final class OwnedShutdown {

    private static final ThreadLocal<List<Runnable>> KEPT = new ThreadLocal<>();

    private OwnedShutdown() {}

    /** Runs {@code start} on this thread; the shutdown hooks it adds through Kafka's {@link Exit} go to {@code kept}. */
    static <T> T keeping(List<Runnable> kept, Callable<T> start) throws Exception {
        Exit.setShutdownHookAdder(OwnedShutdown::add);
        List<Runnable> outer = KEPT.get();
        KEPT.set(kept);
        try {
            return start.call();
        } finally {
            KEPT.set(outer);
        }
    }

    private static void add(String name, Runnable hook) {
        List<Runnable> kept = KEPT.get();
        if (kept != null) {
            kept.add(hook);
        } else {
            // What Kafka's default adder does.
            Runtime.getRuntime().addShutdownHook(name == null ? new Thread(hook) : KafkaThread.nonDaemon(name, hook));
        }
    }
}

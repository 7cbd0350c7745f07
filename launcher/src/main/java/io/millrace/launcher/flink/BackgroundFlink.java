package io.millrace.launcher.flink;

import io.millrace.launcher.memory.MemoryConfig;
import io.millrace.launcher.net.Ports;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded mini-cluster, started on a thread of its own while the rest of the platform starts: nothing else
 * waits for it (the application API queues its job operations until {@link #ready()} completes), and the
 * {@code ready} line waits for it last.
 */
public final class BackgroundFlink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundFlink.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(60);

    private final String bindAddress;
    private final int port;
    private final int slots;
    private final MemoryConfig memory;
    private final CompletableFuture<EmbeddedFlink> ready = new CompletableFuture<>();
    private boolean launched;
    private boolean closed;

    public BackgroundFlink(String bindAddress, int port, int slots, MemoryConfig memory) {
        this.bindAddress = bindAddress;
        this.port = port;
        this.slots = slots;
        this.memory = memory;
    }

    /** Completes once the cluster answers on its REST port; fails if it could not start. */
    public CompletableFuture<EmbeddedFlink> ready() {
        return ready;
    }

    public synchronized void launch() {
        if (launched || closed) {
            return;
        }
        launched = true;
        Thread thread = new Thread(
                () -> {
                    try {
                        ready.complete(EmbeddedFlink.start(bindAddress, port, slots, memory));
                    } catch (Throwable e) {
                        LOG.error(
                                "The Flink mini-cluster did not start: {}; applications cannot run",
                                Ports.isBindFailure(e) ? "port " + port + " is in use (--flink-port)" : e.toString());
                        ready.completeExceptionally(e);
                    }
                },
                "millrace-flink-start");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws Exception {
        synchronized (this) {
            closed = true;
            if (!launched) {
                return;
            }
        }
        EmbeddedFlink flink;
        try {
            flink = ready.get(CLOSE_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            return;
        }
        flink.close();
    }
}

package io.millrace.analytics.access;

import java.lang.ref.Cleaner;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AWS SDK clients a task manager's subtasks share, one per key (the gateway endpoint and the role's credentials),
 * counted by the leases held on them and closed when the last lease goes. Flink builds a sink's record serializer
 * again for every attempt of a subtask and gives it no close hook (Kafka's {@code KafkaRecordSerializationSchema}
 * has none), so a client per serializer would keep its connections and its credential renewals until the garbage
 * collector finds it; shared, a restarted subtask takes the client its predecessor held. A lease is closed by its
 * holder where one has a close hook (a Flink operator's {@code close}), and otherwise by {@link #releaseWhenUnreachable}
 * once the holder is collected.
 *
 * @param <K> what tells clients apart (equal keys share one client)
 * @param <C> the client
 */
public final class SharedClients<K, C extends AutoCloseable> {

    private static final Logger LOG = LoggerFactory.getLogger(SharedClients.class);
    private static final Cleaner CLEANER = Cleaner.create();

    private final Function<K, C> factory;
    private final Map<K, Entry<C>> clients = new HashMap<>();

    public SharedClients(Function<K, C> factory) {
        this.factory = factory;
    }

    /** The client of {@code key}, made now if no lease holds one; close the lease once done with it. */
    public synchronized Lease<C> acquire(K key) {
        Objects.requireNonNull(key, "key");
        Entry<C> entry = clients.get(key);
        if (entry == null) {
            entry = new Entry<>(factory.apply(key));
            clients.put(key, entry);
        }
        entry.leases++;
        return new Lease<>(entry.client, () -> release(key));
    }

    /** How many clients are open: for tests. */
    synchronized int open() {
        return clients.size();
    }

    private synchronized void release(K key) {
        Entry<C> entry = clients.get(key);
        if (entry == null || --entry.leases > 0) {
            return;
        }
        clients.remove(key);
        try {
            entry.client.close();
        } catch (Exception e) {
            LOG.warn("Closing a shared client failed: {}", e.toString());
        }
    }

    /**
     * Closes {@code lease} once {@code holder} is no longer reachable (unless it was closed before). The lease must
     * not refer to the holder, or the holder is never collected.
     */
    public static void releaseWhenUnreachable(Object holder, Lease<?> lease) {
        CLEANER.register(holder, lease::close);
    }

    private static final class Entry<C> {
        private final C client;
        private int leases;

        private Entry(C client) {
            this.client = client;
        }
    }

    /** One holder's use of a shared client: closing it more than once releases it once. */
    public static final class Lease<C> implements AutoCloseable {
        private final C client;
        private final Runnable release;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Lease(C client, Runnable release) {
            this.client = client;
            this.release = release;
        }

        public C client() {
            if (closed.get()) {
                throw new IllegalStateException("the lease of this client was closed");
            }
            return client;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                release.run();
            }
        }
    }
}

package io.millrace.launcher.kafka;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka (KRaft, broker and controller in one process) on Kafka's own server classes, keeping its data
 * in {@link EmbeddedKafkaSettings#logDir()} across restarts.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final long READY_TIMEOUT_MS = 60_000;

    private final EmbeddedKafkaSettings settings;
    private final KafkaRaftServer server;
    private boolean closed;

    private EmbeddedKafka(EmbeddedKafkaSettings settings, KafkaRaftServer server) {
        this.settings = settings;
        this.server = server;
    }

    /** Formats the storage when it is new, starts the node and returns once it answers clients. */
    public static EmbeddedKafka start(EmbeddedKafkaSettings settings) throws Exception {
        KafkaStorage.formatIfNeeded(settings);
        KafkaRaftServer server =
                new KafkaRaftServer(KafkaConfig.fromProps(settings.serverProperties(), false), Time.SYSTEM);
        EmbeddedKafka kafka = new EmbeddedKafka(settings, server);
        try {
            server.startup();
            kafka.awaitClientsServed();
        } catch (Exception | Error e) {
            // A half-started server leaves non-daemon threads behind that would keep the JVM alive.
            kafka.close();
            throw e;
        }
        LOG.info("Kafka started on {} (data in {})", settings.bootstrapServers(), settings.logDir());
        return kafka;
    }

    public String bootstrapServers() {
        return settings.bootstrapServers();
    }

    public EmbeddedKafkaSettings settings() {
        return settings;
    }

    /** Stops the node and waits until its threads are gone. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
        LOG.info("Kafka stopped");
    }

    /** The broker is only useful once it has registered with its controller and is unfenced: ask it, as a client. */
    private void awaitClientsServed() throws Exception {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                settings.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) READY_TIMEOUT_MS))) {
            admin.describeCluster().nodes().get(READY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }
    }
}

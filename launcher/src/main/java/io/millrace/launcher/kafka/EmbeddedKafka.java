package io.millrace.launcher.kafka;

import io.millrace.launcher.memory.MemoryConfig;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
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
    /** Kafka's minimum for SCRAM-SHA-512 is 4096; twice that costs a few milliseconds per login. */
    private static final int SCRAM_ITERATIONS = 8192;

    private final EmbeddedKafkaSettings settings;
    private final KafkaRaftServer server;
    private boolean closed;

    private EmbeddedKafka(EmbeddedKafkaSettings settings, KafkaRaftServer server) {
        this.settings = settings;
        this.server = server;
    }

    /** A node with the default memory budgets. */
    public static EmbeddedKafka start(EmbeddedKafkaSettings settings) throws Exception {
        return start(settings, new MemoryConfig(Map.of()));
    }

    /** Formats the storage when it is new, starts the node and returns once it answers clients. */
    public static EmbeddedKafka start(EmbeddedKafkaSettings settings, MemoryConfig memory) throws Exception {
        KafkaStorage.formatIfNeeded(settings);
        KafkaRaftServer server =
                new KafkaRaftServer(KafkaConfig.fromProps(settings.serverProperties(memory), false), Time.SYSTEM);
        EmbeddedKafka kafka = new EmbeddedKafka(settings, server);
        try {
            server.startup();
            kafka.awaitClientsServed();
            if (settings.exposure().isPresent()) {
                kafka.createScramUser(settings.exposure().get());
            }
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

    /**
     * Upserts the exposed listener's one user, through the loopback listener: KRaft keeps SCRAM credentials in the
     * metadata log, so a restart needs no file but the client's.
     */
    private void createScramUser(KafkaExposure exposure) throws Exception {
        String password = ScramClientFile.loadOrCreate(exposure);
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers()))) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(
                            ScramClientFile.USERNAME,
                            new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS),
                            password)))
                    .all()
                    .get(READY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }
        LOG.info(
                "Kafka exposed on {} (SASL/SCRAM-SHA-512; client settings in {})",
                exposure.bootstrapServers(),
                exposure.clientProperties());
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

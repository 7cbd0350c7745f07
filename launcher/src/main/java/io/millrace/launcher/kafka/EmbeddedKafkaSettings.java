package io.millrace.launcher.kafka;

import io.millrace.launcher.memory.MemoryConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the embedded broker keeps its data and listens. The broker and its KRaft controller share one process; the
 * controller listener is only ever bound to the loopback address because no other process needs to reach it.
 *
 * @param logDir          the broker's data (log segments, metadata log, {@code meta.properties})
 * @param bindAddress     address of the client listener; a wildcard (0.0.0.0, ::) accepts remote clients
 * @param port            client listener port
 * @param controllerPort  KRaft controller listener port (on 127.0.0.1)
 * @param exposure        the SASL/SCRAM listener for clients on other hosts, if exposed
 * @param authorizer      whether the broker authorizes requests with ACLs ({@code StandardAuthorizer}): the
 *                        platform's own listeners are super users, any other principal may do only what an ACL
 *                        allows (signed mode, where applications get users of their own)
 */
public record EmbeddedKafkaSettings(
        Path logDir,
        String bindAddress,
        int port,
        int controllerPort,
        Optional<KafkaExposure> exposure,
        boolean authorizer) {

    static final int NODE_ID = 1;
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String CLIENT_LISTENER = "PLAINTEXT";

    public EmbeddedKafkaSettings {
        Objects.requireNonNull(logDir, "logDir");
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (port <= 0 || controllerPort <= 0) {
            throw new IllegalArgumentException("ports must be resolved before the broker starts");
        }
        if (port == controllerPort) {
            throw new IllegalArgumentException("the Kafka port and the controller port must differ: " + port);
        }
        logDir = logDir.toAbsolutePath().normalize();
        Objects.requireNonNull(exposure, "exposure");
        if (exposure.isPresent()
                && (exposure.get().port() == port || exposure.get().port() == controllerPort)) {
            throw new IllegalArgumentException("the external Kafka port must differ from the others: " + port);
        }
    }

    /** A broker for this machine's clients only. */
    public EmbeddedKafkaSettings(Path logDir, String bindAddress, int port, int controllerPort) {
        this(logDir, bindAddress, port, controllerPort, Optional.empty());
    }

    /** A broker that authorizes no one but lets every authenticated client do everything, as before ACLs. */
    public EmbeddedKafkaSettings(
            Path logDir, String bindAddress, int port, int controllerPort, Optional<KafkaExposure> exposure) {
        this(logDir, bindAddress, port, controllerPort, exposure, false);
    }

    /** These settings with the ACL authorizer on. */
    public EmbeddedKafkaSettings withAuthorizer() {
        return new EmbeddedKafkaSettings(logDir, bindAddress, port, controllerPort, exposure, true);
    }

    /** host:port that clients use; for a wildcard bind the machine's host name, since 0.0.0.0 is not an address. */
    public String bootstrapServers() {
        return advertisedHost(bindAddress) + ":" + port;
    }

    Properties serverProperties(MemoryConfig memory) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        // A static one-voter quorum: the voter set lives in the configuration, not in the formatted storage, so a
        // restart on another controller port still finds its data.
        props.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("inter.broker.listener.name", CLIENT_LISTENER);
        String listeners = CLIENT_LISTENER + "://" + bindAddress + ":" + port + "," + CONTROLLER_LISTENER
                + "://127.0.0.1:" + controllerPort;
        String advertised = CLIENT_LISTENER + "://" + bootstrapServers();
        String protocols = CLIENT_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT";
        if (exposure.isPresent()) {
            // Other hosts authenticate (SCRAM-SHA-512, credentials kept in the metadata log); the platform's own
            // clients keep the plain loopback listener.
            KafkaExposure external = exposure.get();
            String name = KafkaExposure.LISTENER;
            listeners += "," + name + "://" + external.bindAddress() + ":" + external.port();
            advertised += "," + name + "://" + external.bootstrapServers();
            protocols += "," + name + ":SASL_PLAINTEXT";
            props.put("sasl.enabled.mechanisms", KafkaExposure.MECHANISM);
            props.put(
                    "listener.name." + name.toLowerCase(Locale.ROOT) + "."
                            + KafkaExposure.MECHANISM.toLowerCase(Locale.ROOT) + ".sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        }
        if (authorizer) {
            authorize(props);
        }
        props.put("listeners", listeners);
        props.put("advertised.listeners", advertised);
        props.put("listener.security.protocol.map", protocols);
        props.put("log.dirs", logDir.toString());
        props.put("metadata.log.dir", logDir.toString());

        // One broker: every internal topic must accept a replication factor and min ISR of 1, or consumer groups
        // and transactions never become available.
        props.put("offsets.topic.replication.factor", "1");
        // Group offsets: 50 partitions by default, each a log directory with its files, created and loaded by the
        // group coordinator at the first group's join, on the start's critical path. Partitions spread groups over
        // brokers; one broker needs only as many as its group coordinator has threads (group.coordinator.threads,
        // 4 by default). Only a new data directory's topic is created with it; an existing one keeps its count.
        props.put("offsets.topic.num.partitions", "4");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        // Streams are created through the Kinesis API (or deliberately by a Kafka admin), never by a typo.
        props.put("auto.create.topics.enable", "false");
        // A lone member should not wait 3 s for others that will never come.
        props.put("group.initial.rebalance.delay.ms", "0");
        // After a kill -9 the controller refuses the restarted broker (DUPLICATE_BROKER_REGISTRATION) until the
        // dead incarnation's session expires: 9 s by default. Broker and controller share this process, so a
        // short session costs nothing and brings a restart after a crash close to a clean one.
        props.put("broker.heartbeat.interval.ms", "500");
        props.put("broker.session.timeout.ms", "3000");
        // The log cleaner's dedupe map is one heap array of 128 MiB by default: a quarter of a 512 MiB platform,
        // for compacted topics that hold a few thousand keys here (metadata, Connect's configs, group offsets).
        // 16 MiB still maps about 700,000 keys per cleaning pass.
        props.put("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));
        // Requests read but not yet handled are held on the heap, without bound by default: under a burst of
        // produce requests that is where a small heap runs out. Kafka requires the largest request to fit the queue.
        String queued = String.valueOf(memory.kafkaQueuedRequestBytes());
        props.put("queued.max.request.bytes", queued);
        props.put("socket.request.max.bytes", queued);
        return props;
    }

    /**
     * KRaft's own authorizer, ACLs kept in the metadata log. Who is a super user: the principal of the plain
     * listeners, {@code User:ANONYMOUS}, which is every client of the loopback listener (the platform's gateway,
     * Connect worker, tools on this host) and the controller's; and the exposed listener's {@code millrace} user.
     * Everyone else, applications' users, may do only what an ACL allows ({@code allow.everyone.if.no.acl.found}
     * false, Kafka's default, said aloud).
     */
    private static void authorize(Properties props) {
        props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        props.put("super.users", "User:ANONYMOUS;User:" + ScramClientFile.USERNAME);
        props.put("allow.everyone.if.no.acl.found", "false");
    }

    /** The address itself, or for a wildcard the machine's host name, since 0.0.0.0 is not an address. */
    static String advertisedHost(String bindAddress) {
        if (!isWildcard(bindAddress)) {
            return bindAddress;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "127.0.0.1";
        }
    }

    private static boolean isWildcard(String address) {
        return address.equals("0.0.0.0") || address.equals("::") || address.equals("[::]");
    }
}

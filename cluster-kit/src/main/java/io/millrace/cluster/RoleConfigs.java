package io.millrace.cluster;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The configuration files of each role, as the docker/ deployment writes them too: a KRaft broker's
 * server.properties, a Connect worker's, Flink's config.yaml and S3Proxy's properties.
 */
public final class RoleConfigs {

    public static final int KAFKA_PORT = 9092;
    public static final int CONTROLLER_PORT = 9093;
    public static final int CONNECT_PORT = 8083;
    public static final int FLINK_REST_PORT = 8081;
    public static final int FLINK_RPC_PORT = 6123;
    public static final int S3_PORT = 9000;
    public static final int GATEWAY_PORT = 4567;
    public static final String S3_IDENTITY = "millrace-cluster";
    public static final String S3_CREDENTIAL = "millrace-cluster-secret";

    private RoleConfigs() {}

    /**
     * A combined broker and controller. Replication 3 and min.insync.replicas 2 for every internal topic once there
     * are three brokers; shorter session and election timeouts than Kafka's defaults so a killed broker is fenced
     * in seconds (broker.session.timeout.ms 9 s by default).
     */
    public static Map<String, String> broker(int nodeId, String address, List<String> brokerAddresses, String logDir) {
        int replication = Math.min(3, brokerAddresses.size());
        String minIsr = String.valueOf(replication >= 3 ? 2 : 1);
        Map<String, String> props = new LinkedHashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(nodeId));
        props.put(
                "controller.quorum.voters",
                IntStream.range(0, brokerAddresses.size())
                        .mapToObj(i -> (i + 1) + "@" + brokerAddresses.get(i) + ":" + CONTROLLER_PORT)
                        .collect(Collectors.joining(",")));
        props.put(
                "listeners",
                "PLAINTEXT://" + address + ":" + KAFKA_PORT + ",CONTROLLER://" + address + ":" + CONTROLLER_PORT);
        props.put("advertised.listeners", "PLAINTEXT://" + address + ":" + KAFKA_PORT);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("log.dirs", logDir);
        props.put("num.partitions", "1");
        props.put("default.replication.factor", String.valueOf(replication));
        props.put("min.insync.replicas", minIsr);
        props.put("offsets.topic.replication.factor", String.valueOf(replication));
        props.put("transaction.state.log.replication.factor", String.valueOf(replication));
        props.put("transaction.state.log.min.isr", minIsr);
        props.put("share.coordinator.state.topic.replication.factor", String.valueOf(replication));
        props.put("share.coordinator.state.topic.min.isr", minIsr);
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("broker.session.timeout.ms", "4000");
        props.put("broker.heartbeat.interval.ms", "1000");
        props.put("auto.create.topics.enable", "false");
        return props;
    }

    /** A Connect worker of the group the gateways run delivery streams on. */
    public static Map<String, String> connect(String address, String bootstrap, int replication) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("bootstrap.servers", bootstrap);
        props.put("group.id", "millrace-connect");
        props.put("config.storage.topic", "__millrace_connect_configs");
        props.put("offset.storage.topic", "__millrace_connect_offsets");
        props.put("status.storage.topic", "__millrace_connect_status");
        props.put("config.storage.replication.factor", String.valueOf(replication));
        props.put("offset.storage.replication.factor", String.valueOf(replication));
        props.put("status.storage.replication.factor", String.valueOf(replication));
        props.put("key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        props.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        props.put("listeners", "http://0.0.0.0:" + CONNECT_PORT);
        props.put("rest.advertised.host.name", address);
        props.put("plugin.discovery", "service_load");
        // A killed worker's tasks move after its session expires, not after up to 5 minutes of delayed rebalance.
        props.put("session.timeout.ms", "6000");
        props.put("heartbeat.interval.ms", "2000");
        props.put("scheduled.rebalance.max.delay.ms", "0");
        // The sink tasks' own consumers: a killed worker's consumer holds its partitions until its session expires,
        // 45 s by default, however soon another worker runs the task.
        props.put("consumer.session.timeout.ms", "10000");
        props.put("consumer.heartbeat.interval.ms", "3000");
        props.put("consumer.max.partition.fetch.bytes", String.valueOf(4 * 1024 * 1024));
        return props;
    }

    /**
     * The environment of a Connect worker: the S3 store's credentials, which the Firehose sink takes from the AWS
     * SDK's default chain when the gateways configure none (as an instance role or a mounted profile gives them to
     * workers on AWS), and the region its requests are signed for.
     */
    public static Map<String, String> connectEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_ACCESS_KEY_ID", S3_IDENTITY);
        env.put("AWS_SECRET_ACCESS_KEY", S3_CREDENTIAL);
        env.put("AWS_REGION", "us-east-1");
        return env;
    }

    /** Flink's config.yaml for the JobManager and the TaskManagers alike. */
    public static Map<String, String> flink(String jobManagerAddress, String ownAddress, String checkpointDir) {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("jobmanager.rpc.address", jobManagerAddress);
        conf.put("jobmanager.rpc.port", String.valueOf(FLINK_RPC_PORT));
        conf.put("jobmanager.bind-host", "0.0.0.0");
        conf.put("jobmanager.memory.process.size", "640m");
        conf.put("rest.address", jobManagerAddress);
        conf.put("rest.bind-address", "0.0.0.0");
        conf.put("rest.port", String.valueOf(FLINK_REST_PORT));
        conf.put("taskmanager.host", ownAddress);
        conf.put("taskmanager.bind-host", "0.0.0.0");
        conf.put("taskmanager.numberOfTaskSlots", "2");
        // Flink's start scripts compute a TaskManager's resources; its entry point run directly needs them given,
        // which the scripts of Flink's image accept as well (they derive the process size from them).
        conf.put("taskmanager.cpu.cores", "2");
        conf.put("taskmanager.memory.framework.heap.size", "128m");
        conf.put("taskmanager.memory.framework.off-heap.size", "128m");
        conf.put("taskmanager.memory.task.heap.size", "256m");
        conf.put("taskmanager.memory.task.off-heap.size", "0m");
        conf.put("taskmanager.memory.network.min", "64m");
        conf.put("taskmanager.memory.network.max", "64m");
        conf.put("taskmanager.memory.managed.size", "128m");
        conf.put("taskmanager.memory.jvm-metaspace.size", "256m");
        conf.put("taskmanager.memory.jvm-overhead.min", "192m");
        conf.put("taskmanager.memory.jvm-overhead.max", "192m");
        conf.put("state.checkpoints.dir", "file://" + checkpointDir);
        conf.put("heartbeat.timeout", "10000");
        conf.put("heartbeat.interval", "2000");
        // Flink's RPC system gives itself 10 s to start by default: too short for a loaded machine.
        conf.put("pekko.startup-timeout", "60 s");
        return conf;
    }

    /**
     * The arguments of {@code millrace up} for a gateway of the cluster: every service external, plain HTTP (a load
     * balancer or the gateways' --tls-port add TLS), open mode (a deployment adds --auth signed --credentials FILE).
     */
    public static List<String> gateway(
            String dataDir, String bootstrap, String connectUrl, String flinkRestUrl, String s3Url) {
        return List.of(
                "up",
                "--data-dir",
                dataDir,
                "--bind",
                "0.0.0.0",
                "--port",
                String.valueOf(GATEWAY_PORT),
                "--tls-port",
                "off",
                "--auth",
                "open",
                "--bootstrap-servers",
                bootstrap,
                "--connect-url",
                connectUrl,
                "--flink-rest-url",
                flinkRestUrl,
                "--s3-endpoint",
                s3Url,
                "--shard-limits",
                "off");
    }

    /** S3Proxy on a local directory, signed requests of one identity. */
    public static Map<String, String> s3(String dataDir) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("s3proxy.endpoint", "http://0.0.0.0:" + S3_PORT);
        props.put("s3proxy.authorization", "aws-v2-or-v4");
        props.put("s3proxy.identity", S3_IDENTITY);
        props.put("s3proxy.credential", S3_CREDENTIAL);
        props.put("jclouds.provider", "filesystem-nio2");
        props.put("jclouds.filesystem.basedir", dataDir);
        return props;
    }

    static String properties(Map<String, String> props) {
        return props.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("\n"))
                + "\n";
    }

    static String yaml(Map<String, String> conf) {
        return conf.entrySet().stream()
                        .map(e -> e.getKey() + ": " + e.getValue())
                        .collect(Collectors.joining("\n"))
                + "\n";
    }
}

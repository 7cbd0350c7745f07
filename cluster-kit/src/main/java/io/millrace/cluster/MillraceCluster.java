package io.millrace.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Millrace deployment on several hosts of this machine ({@link ClusterNetwork}): KRaft brokers, an S3 store,
 * Kafka Connect workers, a Flink standalone cluster and Millrace gateways pointed at all of them, each role from its
 * project's own entry point. The test JVM is the client host. {@link #close} kills every process and removes the
 * namespaces; logs stay under the work directory.
 */
public final class MillraceCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MillraceCluster.class);
    /** Ten JVMs starting on two shared cores: minutes, not seconds. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(300);

    private final ClusterNetwork network;
    private final Path workDir;
    private final Jvm jvm;
    private final List<Node> brokers = new ArrayList<>();
    private final List<Node> connectWorkers = new ArrayList<>();
    private final List<Node> taskManagers = new ArrayList<>();
    private final List<Node> gateways = new ArrayList<>();
    private final java.util.Map<Node, FakeClock> clocks = new java.util.HashMap<>();
    private boolean gatewayClocks;
    private Map<String, String> gatewayConfig = Map.of();
    private Node s3;
    private Node jobManager;

    private MillraceCluster(ClusterNetwork network, Path workDir, Jvm jvm) {
        this.network = network;
        this.workDir = workDir;
        this.jvm = jvm;
    }

    /**
     * Starts the whole layout and returns once every role serves: brokers first, then S3, Connect and Flink side by
     * side, then the gateways (which check the others at start).
     */
    public static MillraceCluster start(ClusterLayout layout, Path workDir, Path launcherJar) throws Exception {
        return start(layout, workDir, launcherJar, false);
    }

    /**
     * As {@link #start(ClusterLayout, Path, Path)}; with {@code gatewayClocks} each gateway runs on a {@link FakeClock}
     * of its own (libfaketime must be installed), which {@link #clock} steps.
     */
    public static MillraceCluster start(ClusterLayout layout, Path workDir, Path launcherJar, boolean gatewayClocks)
            throws Exception {
        return start(layout, workDir, launcherJar, gatewayClocks, Map.of());
    }

    /**
     * As {@link #start(ClusterLayout, Path, Path, boolean)}, each gateway also given {@code gatewayConfig} (keys of
     * {@code millrace up --config}, for example {@code millrace.kinesis.read-path}).
     */
    public static MillraceCluster start(
            ClusterLayout layout,
            Path workDir,
            Path launcherJar,
            boolean gatewayClocks,
            Map<String, String> gatewayConfig)
            throws Exception {
        if (!Files.isRegularFile(launcherJar)) {
            throw new IllegalStateException(launcherJar + " is missing: package the launcher first");
        }
        ClusterNetwork network = ClusterNetwork.create();
        MillraceCluster cluster = new MillraceCluster(network, workDir, new Jvm(launcherJar));
        cluster.gatewayClocks = gatewayClocks;
        cluster.gatewayConfig = Map.copyOf(gatewayConfig);
        try {
            long started = System.nanoTime();
            // On two cores the JVMs' start-up is what takes time: S3 and Flink start beside the brokers. Connect
            // gives up when no broker answers at its start, and the gateways check every service at theirs.
            List<HostProcess> formats = cluster.prepareBrokers(layout.brokers());
            cluster.startSupport(layout.connectWorkers(), layout.taskManagers());
            awaitFormatted(formats);
            launch(cluster.brokers);
            awaitServing(cluster.brokers);
            launch(cluster.connectWorkers);
            awaitServing(cluster.nodes());
            cluster.startGateways(layout.gateways());
            LOG.info(
                    "Cluster {} up in {} ms: {}",
                    network.prefix(),
                    Duration.ofNanos(System.nanoTime() - started).toMillis(),
                    cluster.nodes());
            return cluster;
        } catch (Exception | Error e) {
            String tails = cluster.logTails(30);
            cluster.close();
            throw new IllegalStateException("cluster did not start: " + e.getMessage() + "\n" + tails, e);
        }
    }

    /** Broker hosts and configuration, and Kafka's storage formatter started on each; returns the formatters. */
    private List<HostProcess> prepareBrokers(int count) throws IOException {
        List<Host> hosts = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            hosts.add(network.addHost("broker-" + i));
        }
        List<String> addresses = hosts.stream().map(Host::address).toList();
        String clusterId = kafkaClusterId();
        List<HostProcess> formats = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Host host = hosts.get(i);
            Path dir = roleDir(host);
            Path properties = dir.resolve("server.properties");
            Files.writeString(
                    properties,
                    RoleConfigs.properties(RoleConfigs.broker(
                            i + 1, host.address(), addresses, dir.resolve("log").toString())));
            // Kafka's own storage tool, as kafka-storage.sh format runs it, then Kafka's own main class.
            formats.add(host.start(
                    "format",
                    jvm.main("128m", "kafka.tools.StorageTool", "format", "-t", clusterId, "-c", properties.toString()),
                    Map.of(),
                    dir.resolve("format.log")));
            brokers.add(new Node(
                    host.name(),
                    host,
                    jvm.main("384m", "kafka.Kafka", properties.toString()),
                    Map.of(),
                    logFile(host),
                    () -> Ready.accepts(host.address(), RoleConfigs.KAFKA_PORT)));
        }
        return formats;
    }

    private static void awaitFormatted(List<HostProcess> formats) throws InterruptedException {
        for (HostProcess format : formats) {
            int exit = format.awaitExit(START_TIMEOUT);
            if (exit != 0) {
                throw new IllegalStateException(format + " exited with " + exit + ":\n" + format.tail(20));
            }
        }
    }

    private void startSupport(int connectCount, int taskManagerCount) throws IOException {
        List<Node> starting = new ArrayList<>();
        Host s3Host = network.addHost("s3");
        Path s3Props = roleDir(s3Host).resolve("s3proxy.properties");
        Files.writeString(
                s3Props,
                RoleConfigs.properties(
                        RoleConfigs.s3(roleDir(s3Host).resolve("blobs").toString())));
        Files.createDirectories(roleDir(s3Host).resolve("blobs"));
        s3 = new Node(
                "s3",
                s3Host,
                jvm.main("256m", "org.gaul.s3proxy.Main", "--properties", s3Props.toString()),
                Map.of(),
                logFile(s3Host),
                () -> Ready.answers(s3Url(), 600));
        starting.add(s3);

        for (int i = 1; i <= connectCount; i++) {
            Host host = network.addHost("connect-" + i);
            Path props = roleDir(host).resolve("worker.properties");
            Files.writeString(
                    props,
                    RoleConfigs.properties(
                            RoleConfigs.connect(host.address(), bootstrapServers(), Math.min(3, brokers.size()))));
            Node worker = new Node(
                    host.name(),
                    host,
                    jvm.main("384m", "org.apache.kafka.connect.cli.ConnectDistributed", props.toString()),
                    RoleConfigs.connectEnvironment(),
                    logFile(host),
                    () -> Ready.answers("http://" + host.address() + ":" + RoleConfigs.CONNECT_PORT + "/", 300));
            connectWorkers.add(worker);
        }

        Host jmHost = network.addHost("flink-jm");
        jobManager = flinkNode(
                jmHost,
                jmHost,
                "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                () -> Ready.answers(flinkRestUrl() + "/config", 300));
        starting.add(jobManager);
        for (int i = 1; i <= taskManagerCount; i++) {
            Host host = network.addHost("flink-tm-" + i);
            Node taskManager = flinkNode(
                    host,
                    jmHost,
                    "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                    // Registered: the JobManager lists it, by the address it runs on.
                    () -> Ready.bodyContains(flinkRestUrl() + "/taskmanagers", host.address() + ":"));
            taskManagers.add(taskManager);
            starting.add(taskManager);
        }
        launch(starting);
    }

    private Node flinkNode(Host host, Host jobManagerHost, String mainClass, java.util.function.BooleanSupplier ready)
            throws IOException {
        Path confDir = roleDir(host).resolve("conf");
        Files.createDirectories(confDir);
        Files.writeString(
                confDir.resolve("config.yaml"),
                RoleConfigs.yaml(RoleConfigs.flink(
                        jobManagerHost.address(),
                        host.address(),
                        workDir.resolve("flink-checkpoints").toString())));
        return new Node(
                host.name(),
                host,
                jvm.main("512m", mainClass, "--configDir", confDir.toString()),
                Map.of("FLINK_CONF_DIR", confDir.toString()),
                logFile(host),
                ready);
    }

    private void startGateways(int count) throws IOException {
        for (int i = 1; i <= count; i++) {
            Host host = network.addHost("gateway-" + i);
            String url = "http://" + host.address() + ":" + RoleConfigs.GATEWAY_PORT + "/";
            FakeClock clock = gatewayClocks ? FakeClock.create(roleDir(host).resolve("clock-offset")) : null;
            Node gateway = new Node(
                    host.name(),
                    host,
                    jvm.launcher("512m", gatewayArguments(host)),
                    clock == null ? Map.of() : clock.environment(),
                    logFile(host),
                    () -> Ready.answers(url, 600));
            gateways.add(gateway);
            if (clock != null) {
                clocks.put(gateway, clock);
            }
        }
        launch(gateways);
        awaitServing(gateways);
    }

    /** {@code millrace up}'s arguments for a gateway on {@code host}, with {@code --config} when keys were given. */
    private List<String> gatewayArguments(Host host) throws IOException {
        List<String> arguments = new ArrayList<>(RoleConfigs.gateway(
                roleDir(host).resolve("data").toString(), bootstrapServers(), connectUrl(), flinkRestUrl(), s3Url()));
        if (!gatewayConfig.isEmpty()) {
            Path config = roleDir(host).resolve("gateway.properties");
            Files.writeString(config, RoleConfigs.properties(new TreeMap<>(gatewayConfig)));
            arguments.addAll(List.of("--config", config.toString()));
        }
        return arguments;
    }

    private static void launch(List<Node> nodes) throws IOException {
        for (Node node : nodes) {
            node.launch();
        }
    }

    private static void awaitServing(List<Node> nodes) {
        try {
            CompletableFuture.allOf(nodes.stream()
                            .map(node -> CompletableFuture.runAsync(() -> node.awaitServing(START_TIMEOUT)))
                            .toArray(CompletableFuture[]::new))
                    .join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    private Path roleDir(Host host) throws IOException {
        return Files.createDirectories(workDir.resolve(host.name()));
    }

    private Path logFile(Host host) {
        return workDir.resolve("logs").resolve(host.name() + ".log");
    }

    /** A KRaft cluster id: 16 random bytes in URL-safe base64 without padding, as Kafka's Uuid prints them. */
    private static String kafkaClusterId() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public String bootstrapServers() {
        return brokers.stream()
                .map(node -> node.address() + ":" + RoleConfigs.KAFKA_PORT)
                .collect(Collectors.joining(","));
    }

    public String connectUrl() {
        return "http://" + connectWorkers.get(0).address() + ":" + RoleConfigs.CONNECT_PORT;
    }

    public String flinkRestUrl() {
        return "http://" + jobManager.address() + ":" + RoleConfigs.FLINK_REST_PORT;
    }

    public String s3Url() {
        return "http://" + s3.address() + ":" + RoleConfigs.S3_PORT;
    }

    /** The gateway's endpoint, as a load balancer would list it. */
    public String gatewayUrl(Node gateway) {
        return "http://" + gateway.address() + ":" + RoleConfigs.GATEWAY_PORT;
    }

    /** The wall clock of a gateway of a cluster started with gateway clocks. */
    public FakeClock clock(Node gateway) {
        FakeClock clock = clocks.get(gateway);
        if (clock == null) {
            throw new IllegalStateException(gateway + " runs on the machine's clock: start the cluster with clocks");
        }
        return clock;
    }

    public List<Node> brokers() {
        return List.copyOf(brokers);
    }

    /** The broker whose node id is {@code nodeId} (1-based, as in server.properties). */
    public Node broker(int nodeId) {
        return brokers.get(nodeId - 1);
    }

    public List<Node> gateways() {
        return List.copyOf(gateways);
    }

    public List<Node> connectWorkers() {
        return List.copyOf(connectWorkers);
    }

    public List<Node> taskManagers() {
        return List.copyOf(taskManagers);
    }

    public Node jobManager() {
        return jobManager;
    }

    public Node s3() {
        return s3;
    }

    public List<Node> nodes() {
        List<Node> all = new ArrayList<>(brokers);
        if (s3 != null) {
            all.add(s3);
        }
        all.addAll(connectWorkers);
        if (jobManager != null) {
            all.add(jobManager);
        }
        all.addAll(taskManagers);
        all.addAll(gateways);
        return all;
    }

    /**
     * Writes a thread dump of each node to {@code logs/<node>-threads-<label>.txt} beside its log: what its threads
     * waited on at that moment of a fault. Returns the files.
     */
    public List<Path> recordThreadDumps(List<Node> nodes, String label) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Node node : nodes) {
            Path file = workDir.resolve("logs").resolve(node.name() + "-threads-" + label + ".txt");
            Files.writeString(file, node.process().threadDump());
            files.add(file);
        }
        return files;
    }

    /** The last lines of every host's log, for a failing test to print. */
    public String logTails(int lines) {
        StringBuilder text = new StringBuilder();
        for (Host host : network.hosts()) {
            for (HostProcess process : host.processes()) {
                text.append("---- ")
                        .append(process.name())
                        .append(" (")
                        .append(process.log())
                        .append(") ----\n")
                        .append(process.tail(lines))
                        .append('\n');
            }
        }
        return text.toString();
    }

    @Override
    public void close() {
        network.close();
    }
}

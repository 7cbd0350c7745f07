package io.millrace.launcher.flink;

import io.millrace.launcher.memory.MemoryConfig;
import java.net.URI;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Flink mini-cluster in this process (one JobManager, one TaskManager) with its REST endpoint on a fixed port,
 * so applications, {@code millrace sql --flink-rest-url} and Flink's own clients submit to it like to a real
 * cluster. Its jobs live as long as the process: the application API stops them with a savepoint at shutdown.
 */
public final class EmbeddedFlink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedFlink.class);
    private static final String LOOPBACK = "127.0.0.1";

    private final MiniCluster cluster;
    private final URI restUrl;

    private EmbeddedFlink(MiniCluster cluster, URI restUrl) {
        this.cluster = cluster;
        this.restUrl = restUrl;
    }

    /**
     * @param restBindAddress the REST endpoint's address; every other socket of the cluster is on loopback
     * @param slots task slots: how many application subtasks run at once (each application takes its parallelism)
     */
    public static EmbeddedFlink start(String restBindAddress, int port, int slots, MemoryConfig memory)
            throws Exception {
        Configuration configuration = new Configuration();
        budget(configuration, memory);
        configuration.set(RestOptions.BIND_ADDRESS, restBindAddress);
        configuration.set(RestOptions.BIND_PORT, Integer.toString(port));
        String host = "0.0.0.0".equals(restBindAddress) ? LOOPBACK : restBindAddress;
        configuration.set(RestOptions.ADDRESS, host);
        internalSocketsOnLoopback(configuration);
        configuration.set(TaskManagerOptions.NUM_TASK_SLOTS, slots);
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(configuration)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build());
        try {
            cluster.start();
            URI restUrl = cluster.getRestAddress().get();
            EmbeddedFlink flink = new EmbeddedFlink(cluster, URI.create("http://" + host + ":" + restUrl.getPort()));
            LOG.info("Flink mini-cluster listening on {} ({} task slots)", flink.restUrl, slots);
            return flink;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    /**
     * Flink's defaults bind its internal servers to every interface. In Flink 2.2 the blob server binds to
     * {@code jobmanager.bind-host} (BlobServer's constructor), the TaskManager's netty shuffle server to
     * {@code taskmanager.bind-host} (TaskManagerServicesConfiguration), and the RPC services, when remote, to those
     * same keys with {@code jobmanager.rpc.address} and {@code taskmanager.host} as the addresses they announce.
     * One process talks to itself here: loopback for all of them.
     */
    private static void internalSocketsOnLoopback(Configuration configuration) {
        configuration.set(JobManagerOptions.BIND_HOST, LOOPBACK);
        configuration.set(JobManagerOptions.ADDRESS, LOOPBACK);
        configuration.set(TaskManagerOptions.BIND_HOST, LOOPBACK);
        configuration.set(TaskManagerOptions.HOST, LOOPBACK);
    }

    /**
     * The mini-cluster's TaskManager takes 128 MiB of managed and 64 MiB of network memory by default for a local
     * execution (TaskExecutorResourceUtils.adjustForLocalExecution); the network buffers are direct memory allocated
     * at start, which a JVM limits to its -Xmx unless told otherwise.
     */
    private static void budget(Configuration configuration, MemoryConfig memory) {
        configuration.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, new MemorySize(memory.flinkManagedBytes()));
        MemorySize network = new MemorySize(memory.flinkNetworkBytes());
        configuration.set(TaskManagerOptions.NETWORK_MEMORY_MIN, network);
        configuration.set(TaskManagerOptions.NETWORK_MEMORY_MAX, network);
    }

    /** The JobManager REST URL, e.g. {@code http://127.0.0.1:8081}. */
    public URI restUrl() {
        return restUrl;
    }

    @Override
    public void close() throws Exception {
        cluster.close();
        LOG.info("Flink mini-cluster stopped");
    }
}

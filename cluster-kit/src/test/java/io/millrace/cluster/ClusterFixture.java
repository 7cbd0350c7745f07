package io.millrace.cluster;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;

/** What the cluster tests share: starting a cluster where this machine allows it, and looking into its Kafka. */
final class ClusterFixture {

    private ClusterFixture() {}

    /**
     * Starts {@code layout} under target/cluster/NAME. Namespaces need root: elsewhere the test is skipped, with the
     * reason in the report (CI and this project's machines run as root).
     */
    static MillraceCluster start(String name, ClusterLayout layout) throws Exception {
        return start(name, layout, false);
    }

    /** As {@link #start(String, ClusterLayout)}, the gateways also given these {@code millrace up --config} keys. */
    static MillraceCluster start(String name, ClusterLayout layout, Map<String, String> gatewayConfig)
            throws Exception {
        return start(name, layout, false, gatewayConfig);
    }

    private static MillraceCluster start(String name, ClusterLayout layout, boolean gatewayClocks) throws Exception {
        return start(name, layout, gatewayClocks, Map.of());
    }

    private static MillraceCluster start(
            String name, ClusterLayout layout, boolean gatewayClocks, Map<String, String> gatewayConfig)
            throws Exception {
        assumeTrue(
                "root".equals(System.getProperty("user.name")),
                "network namespaces need root: the cluster tests run as root (CI does)");
        Path jar = Path.of(System.getProperty("millrace.jar", "../launcher/target/millrace.jar"));
        Path work = Path.of(System.getProperty("cluster.work-dir", "target/cluster"))
                .resolve(name + "-" + System.currentTimeMillis());
        return MillraceCluster.start(layout, work, jar, gatewayClocks, gatewayConfig);
    }

    /** As {@link #start}, each gateway on a clock of its own; skipped, visibly, without libfaketime. */
    static MillraceCluster startWithGatewayClocks(String name, ClusterLayout layout) throws Exception {
        assumeTrue(FakeClock.available(), "stepping a gateway's clock needs libfaketime (apt-get install libfaketime)");
        return start(name, layout, true);
    }

    static Admin admin(MillraceCluster cluster) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
        return Admin.create(props);
    }

    static TopicDescription topic(Admin admin, String topic) throws Exception {
        return admin.describeTopics(java.util.List.of(topic))
                .allTopicNames()
                .get(30, TimeUnit.SECONDS)
                .get(topic);
    }

    /** The node id leading most of the topic's partitions. */
    static int busiestLeader(TopicDescription topic) {
        Map<Integer, Long> counts = topic.partitions().stream()
                .collect(java.util.stream.Collectors.groupingBy(
                        (TopicPartitionInfo p) -> p.leader().id(), java.util.stream.Collectors.counting()));
        return counts.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .orElseThrow()
                .getKey();
    }
}

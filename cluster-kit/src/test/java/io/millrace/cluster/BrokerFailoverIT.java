package io.millrace.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The central fault: three brokers, two gateways behind a round robin, producers and a consumer on the client host,
 * and the broker leading the stream's partitions killed with SIGKILL mid-traffic. No acknowledged record may be
 * lost or doubled, order holds per shard and per key, and clients see only errors they retry.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(PrintLogsOnFailure.class)
class BrokerFailoverIT {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerFailoverIT.class);

    MillraceCluster cluster;

    @BeforeAll
    void startCluster() throws Exception {
        cluster = ClusterFixture.start("broker-failover", new ClusterLayout(3, 2, 1, 0));
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void killingTheLeadingBrokerLosesNoAcknowledgedRecord() throws Exception {
        String stream = "orders";
        List<String> urls = cluster.gateways().stream().map(cluster::gatewayUrl).toList();
        try (StreamTraffic traffic = new StreamTraffic(stream, urls);
                Admin admin = ClusterFixture.admin(cluster)) {
            traffic.gateway(0).createStream(b -> b.streamName(stream).shardCount(2));
            traffic.gateway(1).waiter().waitUntilStreamExists(b -> b.streamName(stream));

            // The multi-broker defaults: three copies, two of them before an acknowledgement.
            TopicDescription topic = ClusterFixture.topic(admin, stream);
            assertThat(topic.partitions())
                    .hasSize(2)
                    .allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, stream);
            assertThat(admin.describeConfigs(List.of(resource))
                            .all()
                            .get(30, TimeUnit.SECONDS)
                            .get(resource)
                            .get("min.insync.replicas")
                            .value())
                    .isEqualTo("2");

            traffic.start();
            traffic.awaitAcks(100);
            int leader = ClusterFixture.busiestLeader(topic);
            Node victim = cluster.broker(leader);
            long killedAt = System.nanoTime();
            victim.kill9();
            LOG.info(
                    "Killed {} (node {}), leader of {} partitions",
                    victim,
                    leader,
                    topic.partitions().stream()
                            .filter(p -> p.leader().id() == leader)
                            .map(TopicPartitionInfo::partition)
                            .toList());

            int before = traffic.ackCount();
            traffic.awaitAcks(before + 200);
            long newLeaders = ClusterFixture.topic(admin, stream).partitions().stream()
                    .filter(p -> p.leader() != null && p.leader().id() != leader)
                    .count();
            assertThat(newLeaders).as("partitions led by a surviving broker").isEqualTo(2);
            traffic.stopAndDrain(Duration.ofSeconds(30));

            String summary = traffic.summary(killedAt);
            LOG.info("Broker {} killed: {}", victim.name(), summary);
            traffic.assertExactlyOnceInOrder();
            assertThat(traffic.acks().stream().filter(a -> a.endNanos() > killedAt))
                    .as("acknowledgements after the kill")
                    .hasSizeGreaterThanOrEqualTo(200);
            assertThat(traffic.writeRecovery(killedAt)).as(summary).isLessThan(Duration.ofSeconds(30));
        }
    }
}

package io.millrace.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.model.ScalingType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Faults beyond a broker's death, on the whole topology (3 brokers, 2 gateways, 2 Connect workers, a JobManager and
 * a TaskManager): a gateway's network link cut and restored, and a reshard started before a broker is killed and
 * finished after. Runs with -Pcluster.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(PrintLogsOnFailure.class)
class ClusterFaultMatrixIT {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterFaultMatrixIT.class);

    MillraceCluster cluster;

    @BeforeAll
    void startCluster() throws Exception {
        cluster = ClusterFixture.start("fault-matrix", ClusterLayout.full());
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * While one gateway's cable is out its clients' requests time out (5 s), an error the SDK retries; the other
     * gateway takes the traffic; when the link is back the first gateway serves again without a restart.
     */
    @Test
    void aGatewayCutOffAndBackLosesNothing() throws Exception {
        String stream = "cut-off";
        List<String> urls = cluster.gateways().stream().map(cluster::gatewayUrl).toList();
        Node cut = cluster.gateways().get(0);
        try (StreamTraffic traffic = new StreamTraffic(stream, urls)) {
            traffic.gateway(1).createStream(b -> b.streamName(stream).shardCount(2));
            traffic.gateway(1).waiter().waitUntilStreamExists(b -> b.streamName(stream));
            traffic.start();
            traffic.awaitAcks(100);
            long cutAt = System.nanoTime();
            cut.host().linkDown();
            Thread.sleep(8_000);
            int duringCut = traffic.ackCount();
            cut.host().linkUp();
            long restoredAt = System.nanoTime();
            traffic.awaitAcks(duringCut + 200);
            traffic.stopAndDrain(Duration.ofSeconds(30));

            long firstAckThroughCutGatewayAfterRestore = traffic.acks().stream()
                    .filter(a -> a.number() % 2 == 0 && a.startNanos() >= restoredAt)
                    .mapToLong(StreamTraffic.Ack::endNanos)
                    .min()
                    .orElseThrow();
            LOG.info(
                    "Gateway {} cut for 8 s: {}; it served again {} ms after its link came back",
                    cut.name(),
                    traffic.summary(cutAt),
                    Duration.ofNanos(firstAckThroughCutGatewayAfterRestore - restoredAt)
                            .toMillis());
            assertThat(traffic.failures())
                    .as("clients of the cut gateway saw it away")
                    .isNotEmpty();
            assertThat(traffic.acks().stream()
                            .filter(a -> a.number() % 2 == 1 && a.startNanos() > cutAt && a.endNanos() < restoredAt))
                    .as("records the other gateway took while the first was cut off")
                    .isNotEmpty();
            traffic.assertExactlyOnceInOrder();
        }
    }

    /** UpdateShardCount is accepted, a broker dies mid-reshard, and the stream still reaches ACTIVE with 4 shards. */
    @Test
    void aReshardStartedBeforeABrokerDiesFinishesAfter() throws Exception {
        String stream = "resharded";
        List<String> urls = cluster.gateways().stream().map(cluster::gatewayUrl).toList();
        try (StreamTraffic traffic = new StreamTraffic(stream, urls);
                Admin admin = ClusterFixture.admin(cluster)) {
            traffic.gateway(0).createStream(b -> b.streamName(stream).shardCount(2));
            traffic.gateway(0).waiter().waitUntilStreamExists(b -> b.streamName(stream));
            traffic.start();
            traffic.awaitAcks(100);
            int leader = ClusterFixture.busiestLeader(ClusterFixture.topic(admin, stream));
            Node victim = cluster.broker(leader);
            traffic.gateway(1)
                    .updateShardCount(
                            b -> b.streamName(stream).targetShardCount(4).scalingType(ScalingType.UNIFORM_SCALING));
            long killedAt = System.nanoTime();
            victim.kill9();
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (traffic.gateway(0)
                            .describeStreamSummary(b -> b.streamName(stream))
                            .streamDescriptionSummary()
                            .streamStatus()
                    != StreamStatus.ACTIVE) {
                assertThat(System.nanoTime()).as("ACTIVE again within 90 s").isLessThan(deadline);
                Thread.sleep(200);
            }
            long activeAt = System.nanoTime();
            assertThat(traffic.gateway(0)
                            .describeStreamSummary(b -> b.streamName(stream))
                            .streamDescriptionSummary()
                            .openShardCount())
                    .isEqualTo(4);
            traffic.awaitAcks(traffic.ackCount() + 200);
            traffic.stopAndDrain(Duration.ofSeconds(30));
            LOG.info(
                    "Reshard 2 -> 4 with broker {} killed: ACTIVE {} ms after the kill; {}",
                    victim.name(),
                    Duration.ofNanos(activeAt - killedAt).toMillis(),
                    traffic.summary(killedAt));
            traffic.assertExactlyOnceInOrder();
            victim.restart(Duration.ofSeconds(120));
        }
    }
}

package io.millrace.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gateway's network link cut and restored, on the whole topology (3 brokers, 2 gateways, 2 Connect workers, a
 * JobManager and a TaskManager). Runs with -Pcluster.
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
}

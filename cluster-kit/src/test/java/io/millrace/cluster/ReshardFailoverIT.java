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
 * A reshard started before a broker dies finishes after it. The broker killed is the one leading the stream
 * metadata topic ({@code __millrace_metadata}): every put checks its routing lease against that topic's end, so its
 * leader's death is the broker fault writers feel most. Runs with -Pcluster.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(PrintLogsOnFailure.class)
class ReshardFailoverIT {

    private static final Logger LOG = LoggerFactory.getLogger(ReshardFailoverIT.class);
    private static final String METADATA_TOPIC = "__millrace_metadata";

    MillraceCluster cluster;

    @BeforeAll
    void startCluster() throws Exception {
        cluster = ClusterFixture.start("reshard-failover", new ClusterLayout(3, 2, 1, 0));
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** UpdateShardCount is accepted, a broker dies mid-reshard, and the stream still reaches ACTIVE with 4 shards. */
    @Test
    void aReshardStartedBeforeTheMetadataLeaderDiesFinishesAfter() throws Exception {
        String stream = "resharded";
        List<String> urls = cluster.gateways().stream().map(cluster::gatewayUrl).toList();
        try (StreamTraffic traffic = new StreamTraffic(stream, urls);
                Admin admin = ClusterFixture.admin(cluster)) {
            traffic.gateway(0).createStream(b -> b.streamName(stream).shardCount(2));
            traffic.gateway(0).waiter().waitUntilStreamExists(b -> b.streamName(stream));
            traffic.start();
            traffic.awaitAcks(100);
            int leader = ClusterFixture.topic(admin, METADATA_TOPIC)
                    .partitions()
                    .get(0)
                    .leader()
                    .id();
            Node victim = cluster.broker(leader);
            traffic.gateway(1)
                    .updateShardCount(
                            b -> b.streamName(stream).targetShardCount(4).scalingType(ScalingType.UNIFORM_SCALING));
            long killedAt = System.nanoTime();
            victim.kill9();
            LOG.info(
                    "Killed {} (node {}), leader of {} and of stream partitions {}",
                    victim,
                    leader,
                    METADATA_TOPIC,
                    ClusterFixture.topic(admin, stream).partitions().stream()
                            .filter(p -> p.leader() != null && p.leader().id() == leader)
                            .map(p -> p.partition())
                            .toList());
            // What the gateways wait on while the new leaders take over, kept beside their logs.
            Thread.sleep(10_000);
            cluster.recordThreadDumps(cluster.gateways(), "10s-after-kill");
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (status(traffic, stream) != StreamStatus.ACTIVE) {
                assertThat(System.nanoTime()).as("ACTIVE again within 120 s").isLessThan(deadline);
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
                    "Reshard 2 -> 4 with broker {} (leading {}) killed: ACTIVE {} ms after the kill; {}",
                    victim.name(),
                    METADATA_TOPIC,
                    Duration.ofNanos(activeAt - killedAt).toMillis(),
                    traffic.summary(killedAt));
            traffic.assertExactlyOnceInOrder();
            traffic.assertKeyOrderAcrossLineage();
            victim.restart(Duration.ofSeconds(120));
        }
    }

    /** The stream's status, or null while the gateway answers with an error a client retries. */
    private static StreamStatus status(StreamTraffic traffic, String stream) {
        try {
            return traffic.gateway(0)
                    .describeStreamSummary(b -> b.streamName(stream))
                    .streamDescriptionSummary()
                    .streamStatus();
        } catch (RuntimeException e) {
            if (!Retriable.is(e)) {
                throw e;
            }
            return null;
        }
    }
}

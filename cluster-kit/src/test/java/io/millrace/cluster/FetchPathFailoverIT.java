package io.millrace.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GetRecords' fetch path ({@code millrace.kinesis.read-path=fetch}) across leader and epoch changes on three broker
 * hosts: while records are written through both gateways and read back with GetRecords, the broker leading the
 * stream's partitions is killed with SIGKILL, then each partition is reassigned to the two brokers left with its
 * follower first and a preferred-leader election moves its leadership there. Every acknowledged record is read
 * once, in order; readers see no 500 (only errors an AWS client retries, if any).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(PrintLogsOnFailure.class)
class FetchPathFailoverIT {

    private static final Logger LOG = LoggerFactory.getLogger(FetchPathFailoverIT.class);

    MillraceCluster cluster;

    @BeforeAll
    void startCluster() throws Exception {
        cluster = ClusterFixture.start(
                "fetch-path-failover", new ClusterLayout(3, 2, 1, 0), Map.of("millrace.kinesis.read-path", "fetch"));
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void readersMissAndRepeatNothingWhileLeadersMove() throws Exception {
        String stream = "moving";
        List<String> urls = cluster.gateways().stream().map(cluster::gatewayUrl).toList();
        try (StreamTraffic traffic = new StreamTraffic(stream, urls);
                Admin admin = ClusterFixture.admin(cluster)) {
            traffic.gateway(0).createStream(b -> b.streamName(stream).shardCount(2));
            traffic.gateway(1).waiter().waitUntilStreamExists(b -> b.streamName(stream));
            traffic.start();
            traffic.awaitAcks(100);

            TopicDescription topic = ClusterFixture.topic(admin, stream);
            int victim = ClusterFixture.busiestLeader(topic);
            long killedAt = System.nanoTime();
            cluster.broker(victim).kill9();
            LOG.info("Killed broker node {}", victim);
            traffic.awaitAcks(traffic.ackCount() + 150);

            // Each partition to its two live replicas, the one not leading first; then the preferred leaders.
            Map<TopicPartition, Optional<NewPartitionReassignment>> moves = new HashMap<>();
            Map<TopicPartition, Integer> wanted = new HashMap<>();
            for (TopicPartitionInfo p : ClusterFixture.topic(admin, stream).partitions()) {
                int leader = p.leader().id();
                int follower = p.replicas().stream()
                        .mapToInt(org.apache.kafka.common.Node::id)
                        .filter(id -> id != leader && id != victim)
                        .findFirst()
                        .orElseThrow();
                TopicPartition tp = new TopicPartition(stream, p.partition());
                moves.put(tp, Optional.of(new NewPartitionReassignment(List.of(follower, leader))));
                wanted.put(tp, follower);
            }
            admin.alterPartitionReassignments(moves).all().get(60, TimeUnit.SECONDS);
            awaitLeaders(admin, stream, wanted);
            LOG.info("Preferred leaders elected: {}", wanted);
            traffic.awaitAcks(traffic.ackCount() + 150);
            traffic.stopAndDrain(Duration.ofSeconds(60));

            String summary = traffic.summary(killedAt);
            LOG.info("Fetch path across leader moves: {}", summary);
            traffic.assertExactlyOnceInOrder();
            assertThat(traffic.failures())
                    .as("read errors")
                    .filteredOn(f -> f.what().startsWith("read "))
                    .noneMatch(f -> f.what().contains(" 500:"));
        }
    }

    /** Runs preferred-leader elections until every partition is led by its wanted broker (at most 60 s). */
    private static void awaitLeaders(Admin admin, String stream, Map<TopicPartition, Integer> wanted) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            List<TopicPartition> pending = new ArrayList<>();
            for (TopicPartitionInfo p : ClusterFixture.topic(admin, stream).partitions()) {
                TopicPartition tp = new TopicPartition(stream, p.partition());
                if (p.leader() == null || p.leader().id() != wanted.get(tp)) {
                    pending.add(tp);
                }
            }
            if (pending.isEmpty()) {
                return;
            }
            assertThat(System.nanoTime()).as("leaders of %s not moved", pending).isLessThan(deadline);
            // A partition whose reassignment is not done yet (its preferred replica unchanged) answers an error
            // in the result, and is asked again.
            admin.electLeaders(ElectionType.PREFERRED, Set.copyOf(pending))
                    .partitions()
                    .get(30, TimeUnit.SECONDS);
            Thread.sleep(500);
        }
    }
}

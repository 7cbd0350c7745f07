package io.millrace.testkit;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node KRaft cluster (combined broker and controller) in the test JVM. Starting one costs a few
 * seconds, so most tests use the {@link #shared()} one and isolate themselves by topic name; a test that needs a
 * broker of its own, or other settings, {@link #start(Map) starts} one and closes it.
 */
public final class EmbeddedKafka implements AutoCloseable {

    /** What a single broker needs: without these, consumer groups and transactions never settle. */
    private static final Map<String, String> SINGLE_BROKER = Map.of(
            "offsets.topic.replication.factor", "1",
            "transaction.state.log.replication.factor", "1",
            "transaction.state.log.min.isr", "1",
            // A test's first consumer group would wait 3 s for more members that never come.
            "group.initial.rebalance.delay.ms", "0");

    /** The shared broker behaves as the launcher's does, and keeps every record tests write. */
    private static final Map<String, String> SHARED = Map.of(
            "auto.create.topics.enable", "false",
            // Tests write records with arrival times in the past (2024); time-based retention would delete them
            // (its first check runs 30 s after start) in the middle of a run.
            "log.retention.ms", "-1");

    private static EmbeddedKafka shared;

    private final KafkaClusterTestKit cluster;

    private EmbeddedKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /** The broker the whole test JVM shares, started on first use and closed when the test session ends. */
    public static synchronized EmbeddedKafka shared() {
        if (shared == null) {
            shared = start(SHARED);
            TestSession.closeAtEnd(() -> {
                synchronized (EmbeddedKafka.class) {
                    shared.close();
                    shared = null;
                }
            });
        }
        return shared;
    }

    /** A broker of its own, with the single-broker settings. */
    public static EmbeddedKafka start() {
        return start(Map.of());
    }

    /** A broker of its own, with these broker settings on top of the single-broker ones. */
    public static EmbeddedKafka start(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(SINGLE_BROKER);
        all.putAll(settings);
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .build());
        all.forEach(builder::setConfigProp);
        KafkaClusterTestKit cluster = null;
        try {
            cluster = builder.build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new EmbeddedKafka(cluster);
        } catch (Exception e) {
            closeQuietly(cluster);
            throw new IllegalStateException("Cannot start an embedded Kafka broker", e);
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }

    private static void closeQuietly(KafkaClusterTestKit cluster) {
        if (cluster == null) {
            return;
        }
        try {
            cluster.close();
        } catch (Exception e) {
            // Already failing to start: the start error is the one to report.
        }
    }
}

package io.millrace.kinesis.testkit;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * One real single-node KRaft cluster (combined broker and controller) per test JVM, shared by every test class:
 * starting one costs a few seconds, and tests isolate themselves by stream name.
 */
public final class EmbeddedKafka {

    private static KafkaClusterTestKit cluster;

    private EmbeddedKafka() {
    }

    public static synchronized String bootstrapServers() {
        if (cluster == null) {
            try {
                KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .build())
                        .setConfigProp("offsets.topic.replication.factor", "1")
                        .setConfigProp("transaction.state.log.replication.factor", "1")
                        .setConfigProp("transaction.state.log.min.isr", "1")
                        .setConfigProp("auto.create.topics.enable", "false")
                        .setConfigProp("group.initial.rebalance.delay.ms", "0")
                        .build();
                kit.format();
                kit.startup();
                kit.waitForReadyBrokers();
                cluster = kit;
            } catch (Exception e) {
                throw new IllegalStateException("Cannot start the embedded Kafka cluster", e);
            }
        }
        return cluster.bootstrapServers();
    }

    private static final java.util.List<AutoCloseable> USERS = new java.util.ArrayList<>();

    /** Closes {@code user} before the cluster when the test session ends, so no client retries against a dying broker. */
    public static synchronized void closeBeforeShutdown(AutoCloseable user) {
        USERS.add(user);
    }

    /**
     * Closes the gateways, then the cluster. Called when the test session ends (see {@link TestSessionEnd}), while
     * the JVM is still whole: closing them from a shutdown hook raced the JVM's exit and made the forked test JVM
     * end with an error code now and then, after every test had passed.
     */
    static synchronized void stop() {
        for (int i = USERS.size() - 1; i >= 0; i--) {
            try {
                USERS.get(i).close();
            } catch (Exception e) {
                // Best effort on the way out.
            }
        }
        USERS.clear();
        if (cluster != null) {
            try {
                cluster.close();
            } catch (Exception e) {
                // The JVM is exiting; nothing left to protect.
            }
            cluster = null;
        }
    }
}

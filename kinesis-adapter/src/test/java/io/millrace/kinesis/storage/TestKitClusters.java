package io.millrace.kinesis.storage;

import org.apache.kafka.common.test.KafkaClusterTestKit;

/** Kafka's test-kit clusters as the multi-broker tests of this package start them. */
final class TestKitClusters {

    private TestKitClusters() {}

    /** Builds, formats and starts the cluster and waits for its brokers; a cluster that fails to start is closed. */
    static KafkaClusterTestKit started(KafkaClusterTestKit.Builder builder) throws Exception {
        KafkaClusterTestKit cluster = builder.build();
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return cluster;
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }
}

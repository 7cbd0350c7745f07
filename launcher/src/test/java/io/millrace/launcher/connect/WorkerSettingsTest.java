package io.millrace.launcher.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.launcher.memory.MemoryConfig;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.connect.runtime.distributed.DistributedConfig;
import org.junit.jupiter.api.Test;

class WorkerSettingsTest {

    private static final Map<String, Object> SECURED = Map.of(
            "bootstrap.servers", "ignored:1",
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required"
                            + " username=\"millrace\" password=\"secret\";",
            "ssl.truststore.location", "/etc/kafka/truststore.p12");

    @Test
    void theKafkaSettingsReachTheWorkerAndEveryClientItMakesForConnectors() {
        Map<String, String> worker =
                WorkerSettings.of("kafka-1:9093", "127.0.0.1", 8083, (short) 3, SECURED, new MemoryConfig(Map.of()));

        DistributedConfig config = new DistributedConfig(worker);
        assertThat(config.getString(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG))
                .isEqualTo("SASL_SSL");
        assertThat(config.getList(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)).containsExactly("kafka-1:9093");
        for (String prefix : WorkerSettings.CONNECTOR_CLIENT_PREFIXES) {
            // What Connect hands the clients of a connector: the worker's settings under the prefix, prefix removed.
            Map<String, Object> client = config.originalsWithPrefix(prefix);
            assertThat(client)
                    .as(prefix)
                    .containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                    .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.p12")
                    .containsKey("sasl.jaas.config")
                    .doesNotContainKey("bootstrap.servers");
        }
    }

    @Test
    void withoutKafkaSettingsTheWorkerIsAsBefore() {
        Map<String, String> worker =
                WorkerSettings.of("127.0.0.1:9092", "127.0.0.1", 8083, (short) 1, Map.of(), new MemoryConfig(Map.of()));

        assertThat(worker)
                .doesNotContainKeys("security.protocol", "consumer.security.protocol")
                .containsEntry("consumer.max.partition.fetch.bytes", Integer.toString(4 * 1024 * 1024))
                .containsEntry("group.id", EmbeddedConnect.GROUP_ID);
        assertThat(new DistributedConfig(worker).getString(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG))
                .isEqualTo("PLAINTEXT");
    }

    /** One broker: one partition per internal topic; a cluster: Connect's defaults (25 and 5). */
    @Test
    void onTheEmbeddedBrokerTheInternalTopicsHaveOnePartition() {
        DistributedConfig embedded = new DistributedConfig(WorkerSettings.of(
                "127.0.0.1:9092", "127.0.0.1", 8083, (short) 1, Map.of(), new MemoryConfig(Map.of())));
        DistributedConfig cluster = new DistributedConfig(
                WorkerSettings.of("kafka-1:9092", "127.0.0.1", 8083, (short) -1, Map.of(), new MemoryConfig(Map.of())));

        assertThat(embedded.getInt(DistributedConfig.OFFSET_STORAGE_PARTITIONS_CONFIG))
                .isEqualTo(1);
        assertThat(embedded.getInt(DistributedConfig.STATUS_STORAGE_PARTITIONS_CONFIG))
                .isEqualTo(1);
        assertThat(cluster.getInt(DistributedConfig.OFFSET_STORAGE_PARTITIONS_CONFIG))
                .isEqualTo(25);
        assertThat(cluster.getInt(DistributedConfig.STATUS_STORAGE_PARTITIONS_CONFIG))
                .isEqualTo(5);
    }

    @Test
    void theConnectorsConsumersFetchWithinTheMemoryBudget() {
        Map<String, String> worker = WorkerSettings.of(
                "127.0.0.1:9092",
                "127.0.0.1",
                8083,
                (short) 1,
                Map.of(),
                new MemoryConfig(Map.of(MemoryConfig.CONNECT_FETCH_BYTES, "8388608")));

        assertThat(new DistributedConfig(worker).originalsWithPrefix("consumer."))
                .containsEntry("fetch.max.bytes", "8388608")
                .containsEntry("max.partition.fetch.bytes", Integer.toString(4 * 1024 * 1024));
    }
}

package io.millrace.launcher.connect;

import io.millrace.launcher.memory.MemoryConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedded Connect worker's configuration. The Kafka client settings of the platform (the {@code kafka.*} keys,
 * prefix removed: TLS, SASL...) go to the worker's own clients as they are, and to the clients it makes for
 * connectors under the {@code producer.}, {@code consumer.} and {@code admin.} prefixes, since Connect passes the
 * worker's top-level settings to neither (kafka.apache.org/documentation/#connectconfigs): without them a delivery
 * stream's sink could not read a secured cluster its worker joined.
 */
final class WorkerSettings {

    /** The prefixes of the clients Connect makes for connectors. */
    static final List<String> CONNECTOR_CLIENT_PREFIXES = List.of("producer.", "consumer.", "admin.");

    private WorkerSettings() {}

    static Map<String, String> of(
            String bootstrapServers,
            String bindAddress,
            int port,
            short replicationFactor,
            Map<String, ?> kafkaClient,
            MemoryConfig memory) {
        Map<String, String> worker = new HashMap<>();
        kafkaClient.forEach((key, value) -> {
            if (!"bootstrap.servers".equals(key)) {
                worker.put(key, String.valueOf(value));
                CONNECTOR_CLIENT_PREFIXES.forEach(prefix -> worker.put(prefix + key, String.valueOf(value)));
            }
        });
        worker.put("bootstrap.servers", bootstrapServers);
        worker.put("group.id", EmbeddedConnect.GROUP_ID);
        worker.put("config.storage.topic", "__millrace_connect_configs");
        worker.put("offset.storage.topic", "__millrace_connect_offsets");
        worker.put("status.storage.topic", "__millrace_connect_status");
        worker.put("config.storage.replication.factor", Short.toString(replicationFactor));
        worker.put("offset.storage.replication.factor", Short.toString(replicationFactor));
        worker.put("status.storage.replication.factor", Short.toString(replicationFactor));
        if (replicationFactor == 1) {
            // One broker (the embedded one): the offsets topic's 25 partitions and the status topic's 5 spread
            // their load over brokers there are not, and the worker creates them and reads each to its end before
            // it joins its group, on the start's critical path. The offsets topic holds source connectors' offsets
            // only (the Firehose connectors are sinks, whose offsets are their consumer group's). An existing topic
            // keeps its count.
            worker.put("offset.storage.partitions", "1");
            worker.put("status.storage.partitions", "1");
        }
        worker.put("key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        worker.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        worker.put("listeners", "http://" + bindAddress + ":" + port);
        if (!isWildcard(bindAddress)) {
            // What the worker tells the others of its group to forward requests to: by default the machine's host
            // name, which a loopback listener does not answer on.
            worker.put("rest.advertised.host.name", bindAddress);
        }
        worker.put("plugin.discovery", "service_load");
        // After a kill -9 the new worker waits for the dead member's session to expire: keep that short (the
        // broker's minimum), and hand the dead member's connectors over at once instead of after up to 5 minutes.
        worker.put("session.timeout.ms", "6000");
        worker.put("heartbeat.interval.ms", "2000");
        worker.put("scheduled.rebalance.max.delay.ms", "0");
        // Firehose records are up to 1,000 KiB: let a fetch carry a few of them.
        worker.put("consumer.max.partition.fetch.bytes", Integer.toString(4 * 1024 * 1024));
        // What a fetch brings waits on the heap until the task takes it: 50 MiB per consumer by default.
        worker.put("consumer.fetch.max.bytes", Long.toString(memory.connectFetchBytes()));
        return worker;
    }

    private static boolean isWildcard(String address) {
        return address.equals("0.0.0.0") || address.equals("::") || address.equals("[::]");
    }
}

package io.millrace.gateway.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The producer settings of the APIs' record writers (Kinesis PutRecord(s), Firehose PutRecord(Batch)), one set for
 * both so that the two write paths batch, linger and time out alike. A record is acknowledged to the client only
 * once every in-sync replica has it (acks=all, idempotent): nothing acknowledged is lost.
 */
public final class WriterSettings {

    private WriterSettings() {}

    /**
     * The writer's producer properties: {@code clientProps} (the connection's), the durability settings over them,
     * and batching and timeouts where {@code clientProps} leave them unset.
     *
     * @param maxRequestBytes the largest produce request, at least the largest record the API takes
     */
    public static Map<String, Object> producerProps(
            Map<String, Object> clientProps, String clientId, int maxRequestBytes) {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 2);
        // A request carries up to 500 records (4 MiB in Firehose, 10 MiB in Kinesis): batches of 256 KiB, not the
        // default 16, send it in a few produce requests rather than hundreds.
        props.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.putIfAbsent(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRequestBytes);
        props.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        props.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        // With Kafka unreachable, send() blocks for metadata: bound it so a request fails instead of holding a
        // thread for the default minute.
        props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        return props;
    }
}

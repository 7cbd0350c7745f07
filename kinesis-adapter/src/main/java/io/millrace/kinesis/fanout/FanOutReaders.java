package io.millrace.kinesis.fanout;

import io.millrace.kinesis.api.KinesisBackend;
import io.millrace.kinesis.storage.StreamTopics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** The Kafka consumer a subscription reads with: assigned, never in a group, answered as soon as data is there. */
final class FanOutReaders {

    /** At most this many records per poll, as per event: GetRecords' cap of 10,000. */
    static final int MAX_POLL_RECORDS = 10_000;
    /**
     * How long a poll (or a wait on a shard tail) lasts before the reader checks the shard, the consumer and the
     * deadline again; the broker holds a fetch this long when no record arrives.
     */
    static final Duration POLL = Duration.ofMillis(250);

    private FanOutReaders() {}

    /** @param fetchBytes the reader's fetch size, leased from the gateway's prefetch budget */
    static KafkaConsumer<byte[], byte[]> open(
            KinesisBackend backend, String clientId, int fetchWaitMillis, int fetchBytes) {
        Map<String, Object> props = new HashMap<>(backend.config().kafkaClientProperties());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Data older than the retention period is gone: the subscription continues from the trim horizon.
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, StreamTopics.READ_ISOLATION);
        // The broker answers a fetch as soon as one record is there: push latency, not a polling interval.
        props.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, fetchWaitMillis);
        // Kafka returns a first record batch larger than this whole: a 10 MiB record is read with any fetch size.
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, fetchBytes);
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, fetchBytes);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}

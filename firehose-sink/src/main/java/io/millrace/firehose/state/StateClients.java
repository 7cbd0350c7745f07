package io.millrace.firehose.state;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The Kafka clients of a task's delivery state, from its {@code kafka.} settings. */
public final class StateClients {

    private StateClients() {}

    /** Acks=all and idempotent: a segment log entry is on every in-sync replica before objects are written. */
    public static KafkaProducer<String, String> producer(Map<String, Object> kafka, String clientId) {
        Map<String, Object> props = new HashMap<>(kafka);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        // A health report must not hold a thread for long while Kafka is unreachable; segment log writes fail and
        // are retried like S3 writes.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-state");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    public static KafkaConsumer<String, String> consumer(Map<String, Object> kafka, String clientId) {
        Map<String, Object> props = new HashMap<>(kafka);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-segment-log");
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }
}

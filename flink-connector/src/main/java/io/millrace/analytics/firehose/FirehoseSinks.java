package io.millrace.analytics.firehose;

import io.millrace.analytics.access.WriteGuard;
import java.util.Properties;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;

/**
 * A sink into a DirectPut delivery stream: a KafkaSink writing to the stream's topic, where the Firehose connector
 * picks the records up and delivers them. With exactly-once, records are written in Kafka transactions committed
 * on checkpoints: a reader with {@code isolation.level=read_committed} sees each record once.
 */
public final class FirehoseSinks {

    private FirehoseSinks() {}

    /**
     * @param recordGuard asks before each record whether the job's role may still write (a DataStream job's sink),
     *     null when nothing is asked or an operator in front of the sink asks (a table sink)
     */
    public static <T> KafkaSink<T> create(
            FirehoseSinkSettings settings, SerializationSchema<T> encoder, WriteGuard recordGuard) {
        Properties properties = new Properties();
        properties.putAll(settings.kafkaProperties());
        KafkaSinkBuilder<T> builder = KafkaSink.<T>builder()
                .setBootstrapServers(settings.bootstrapServers())
                .setKafkaProducerConfig(properties)
                .setRecordSerializer(new FirehoseRecordSerializer<>(settings, encoder, recordGuard))
                .setDeliveryGuarantee(settings.deliveryGuarantee());
        if (settings.deliveryGuarantee() == DeliveryGuarantee.EXACTLY_ONCE) {
            builder.setTransactionalIdPrefix(settings.transactionalIdPrefix());
            if (!properties.containsKey("transaction.timeout.ms")) {
                // Flink's 1 h default exceeds the broker's 15 min transaction.max.timeout.ms.
                builder.setProperty("transaction.timeout.ms", "60000");
            }
        }
        return builder.build();
    }
}

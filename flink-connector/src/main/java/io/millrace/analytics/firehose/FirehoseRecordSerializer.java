package io.millrace.analytics.firehose;

import io.millrace.analytics.access.WriteGuard;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Turns each element into a record of the delivery stream's DirectPut topic, as the Firehose gateway's PutRecord
 * writes it: no key, the data blob as value, the arrival time (now) as timestamp. The topic is looked up, and the
 * delivery stream checked, when the sink starts.
 */
final class FirehoseRecordSerializer<T> implements KafkaRecordSerializationSchema<T> {

    private static final long serialVersionUID = 1L;
    /** PutRecord's limit: "The maximum size of a record sent to Firehose, before base64-encoding, is 1,000 KiB." */
    static final int MAX_RECORD_BYTES = 1_024_000;

    private final FirehoseSinkSettings settings;
    private final SerializationSchema<T> encoder;
    /**
     * Null when writes are not authorized here (no role, or a table sink's guard operator asks). Asked as records
     * come: a DataStream job's sink has no operator of the connector's in front of it to ask on a timer.
     */
    private final WriteGuard guard;

    private transient String topic;

    FirehoseRecordSerializer(FirehoseSinkSettings settings, SerializationSchema<T> encoder, WriteGuard guard) {
        this.settings = settings;
        this.encoder = encoder;
        this.guard = guard;
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) throws Exception {
        encoder.open(context);
        topic = DirectPutTarget.topicOf(settings);
        if (guard != null) {
            guard.open();
        }
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
        if (guard != null) {
            guard.check();
        }
        byte[] data = encoder.serialize(element);
        if (data == null) {
            throw new IllegalArgumentException("A Firehose record needs data; the encoder gave none for " + element);
        }
        if (data.length > MAX_RECORD_BYTES) {
            throw new IllegalArgumentException(
                    "Record of " + data.length + " bytes exceeds Firehose's maximum record" + " size of 1,000 KiB ("
                            + MAX_RECORD_BYTES + " bytes) for delivery stream " + settings.deliveryStream());
        }
        return new ProducerRecord<>(topic, null, System.currentTimeMillis(), null, data);
    }
}

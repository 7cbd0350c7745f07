package io.millrace.cloudwatch.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.utils.Utils;

/**
 * Writes datapoints to the datapoint topic, each record stamped with the datapoint's own time so that Kafka Streams
 * puts it in the window of that time, not of its arrival.
 */
public final class MetricWriter implements AutoCloseable {

    private final KafkaProducer<MetricKey, Datapoint> producer;
    private final String topic;

    public MetricWriter(Map<String, Object> producerProps, String topic) {
        this.producer = new KafkaProducer<>(
                producerProps,
                MetricSerdes.key().serializer(),
                MetricSerdes.datapoint().serializer());
        this.topic = topic;
    }

    /** Writes every datapoint and returns once Kafka has them all (acks=all). */
    public void write(List<Map.Entry<MetricKey, Datapoint>> points) throws InterruptedException, ExecutionException {
        List<Future<RecordMetadata>> sent = new ArrayList<>(points.size());
        for (Map.Entry<MetricKey, Datapoint> point : points) {
            sent.add(producer.send(new ProducerRecord<>(
                    topic, null, point.getValue().timestampMs(), point.getKey(), point.getValue())));
        }
        for (Future<RecordMetadata> future : sent) {
            future.get();
        }
    }

    /** The partition the datapoints of {@code key} go to: the producer's own choice for a keyed record. */
    public int partitionOf(MetricKey key) {
        return Utils.toPositive(Utils.murmur2(key.toBytes()))
                % producer.partitionsFor(topic).size();
    }

    public String topic() {
        return topic;
    }

    @Override
    public void close() {
        producer.close();
    }
}

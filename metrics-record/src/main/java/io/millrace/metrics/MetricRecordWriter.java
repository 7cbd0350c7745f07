package io.millrace.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link MetricSink} writing straight to the CloudWatch API's datapoint topic with a producer of its own: how a
 * process without the CloudWatch API (a Connect worker running the Firehose sink) publishes its metrics. Each record
 * is stamped with the datapoint's time, so Kafka Streams puts it in that minute's window.
 */
public final class MetricRecordWriter implements MetricSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MetricRecordWriter.class);

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;

    /** @param kafkaClientProps bootstrap servers and security settings of the platform's Kafka cluster */
    public MetricRecordWriter(Map<String, Object> kafkaClientProps, String topic, String clientId) {
        Map<String, Object> props = new HashMap<>(kafkaClientProps);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        // Once a minute from a scheduler thread: an unreachable cluster costs that minute, not a stuck thread.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
    }

    @Override
    public void publish(List<MetricSample> samples) {
        List<Future<RecordMetadata>> sent = new ArrayList<>(samples.size());
        try {
            for (MetricSample sample : samples) {
                sent.add(producer.send(new ProducerRecord<>(
                        topic, null, sample.timestampMs(), MetricRecords.key(sample), MetricRecords.value(sample))));
            }
            for (Future<RecordMetadata> future : sent) {
                future.get();
            }
        } catch (ExecutionException e) {
            LOG.warn(
                    "{} datapoints not written to {}: {}",
                    samples.size(),
                    topic,
                    e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("{} datapoints not written to {}: {}", samples.size(), topic, e.toString());
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}

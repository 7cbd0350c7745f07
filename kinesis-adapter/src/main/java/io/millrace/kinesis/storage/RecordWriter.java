package io.millrace.kinesis.storage;

import io.millrace.gateway.kafka.BatchAcks;
import io.millrace.gateway.kafka.WriterSettings;
import io.millrace.kinesis.model.sse.RecordEnvelope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Appends records to stream topics. A record is acknowledged to the client only once Kafka acknowledged it with
 * acks=all from an idempotent producer: what PutRecord confirms survives a crash of the gateway and, with
 * replication, of a broker. Kafka-native layout: key = partition key, value = data, timestamp = arrival time.
 */
public final class RecordWriter implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final Executor completions;

    /**
     * @param completions where acknowledgements complete: the work that follows an ack (sequence numbers, the
     *                    response) must not run on the producer's single network thread, which would then both
     *                    send and answer for every request of the process.
     */
    public RecordWriter(Map<String, Object> clientProps, Executor completions) {
        this.completions = completions;
        Map<String, Object> props =
                WriterSettings.producerProps(clientProps, "millrace-record-writer", StreamTopics.MAX_MESSAGE_BYTES);
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** With {@code sseHeader} the value is an encrypted envelope that this header opens (null: plaintext). */
    public CompletableFuture<RecordMetadata> append(
            String topic, int partition, long arrivalMillis, byte[] partitionKey, byte[] data, byte[] sseHeader) {
        CompletableFuture<RecordMetadata> acked = new CompletableFuture<>();
        ProducerRecord<byte[], byte[]> record =
                new ProducerRecord<>(topic, partition, arrivalMillis, partitionKey, data);
        if (sseHeader != null) {
            record.headers().add(RecordEnvelope.HEADER, sseHeader);
        }
        try {
            producer.send(
                    record,
                    (metadata, error) -> completions.execute(() -> {
                        if (error != null) {
                            acked.completeExceptionally(error);
                        } else {
                            acked.complete(metadata);
                        }
                    }));
        } catch (RuntimeException e) {
            acked.completeExceptionally(e);
        }
        return acked;
    }

    /** One record of {@link #appendAll}: its partition, Kafka key and value, and its encryption header (or null). */
    public record Append(int partition, byte[] partitionKey, byte[] data, byte[] sseHeader) {}

    /**
     * Appends records to partitions of one topic, in the order given (so in order within each partition); completes
     * once Kafka answered for every record, with one outcome per record.
     */
    public CompletableFuture<BatchAcks> appendAll(String topic, long arrivalMillis, List<Append> records) {
        List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>(records.size());
        for (Append append : records) {
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(
                    topic, append.partition(), arrivalMillis, append.partitionKey(), append.data());
            if (append.sseHeader() != null) {
                record.headers().add(RecordEnvelope.HEADER, append.sseHeader());
            }
            sent.add(record);
        }
        return BatchAcks.send(producer, sent, completions);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}

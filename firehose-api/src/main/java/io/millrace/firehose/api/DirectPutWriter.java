package io.millrace.firehose.api;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Appends PutRecord(Batch) records to a DirectPut topic. A record is acknowledged only once every in-sync replica
 * has it (acks=all, idempotent), so nothing acknowledged is lost. Firehose records have no partition key: the key
 * is null and the producer spreads records over the partitions; the timestamp is the arrival time, which names the
 * S3 objects.
 */
final class DirectPutWriter implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;

    DirectPutWriter(Map<String, Object> clientProps) {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        // A PutRecordBatch carries up to 4 MiB; let one produce request take a whole batch.
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 5 * 1024 * 1024);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "millrace-firehose-put");
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** @param partition the record's partition, or null for the producer to choose */
    CompletableFuture<RecordMetadata> append(
            String topic, Integer partition, byte[] data, long arrivalMillis, Headers headers) {
        CompletableFuture<RecordMetadata> done = new CompletableFuture<>();
        try {
            producer.send(
                    new ProducerRecord<>(topic, partition, arrivalMillis, null, data, headers), (metadata, error) -> {
                        if (error != null) {
                            done.completeExceptionally(error);
                        } else {
                            done.complete(metadata);
                        }
                    });
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    /**
     * A partition of {@code topic} picked at random, for a record whose partition must be known before it is sent
     * (sealed as a KMS envelope, which names it); from the producer's metadata, fetched on first use.
     */
    int anyPartition(String topic) {
        return ThreadLocalRandom.current().nextInt(producer.partitionsFor(topic).size());
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}

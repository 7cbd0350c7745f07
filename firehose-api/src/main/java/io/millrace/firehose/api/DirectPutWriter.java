package io.millrace.firehose.api;

import io.millrace.gateway.kafka.BatchAcks;
import io.millrace.gateway.kafka.WriterSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Appends PutRecord(Batch) records to a DirectPut topic with the producer settings of the Kinesis API's writer
 * ({@link WriterSettings}): a record is acknowledged only once every in-sync replica has it (acks=all, idempotent),
 * so nothing acknowledged is lost. Firehose records have no partition key: the key
 * is null and the producer spreads records over the partitions; the timestamp is the arrival time, which names the
 * S3 objects.
 *
 * <p>A batch completes once, when its last record is acknowledged, on a thread of its own: the response is built
 * there, not on the producer's single network thread, which would otherwise both send and answer for every request.
 */
final class DirectPutWriter implements AutoCloseable {

    /** PutRecordBatch's 4 MiB, and room for the batch's own framing. */
    private static final int MAX_REQUEST_BYTES = 5 * 1024 * 1024;

    private final KafkaProducer<byte[], byte[]> producer;
    private final ExecutorService acks;

    DirectPutWriter(Map<String, Object> clientProps) {
        // The Kinesis API's writer's settings (WriterSettings); a produce request takes a whole 4 MiB batch.
        Map<String, Object> props =
                WriterSettings.producerProps(clientProps, "millrace-firehose-put", MAX_REQUEST_BYTES);
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        this.acks = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "millrace-firehose-put-ack");
            t.setDaemon(true);
            return t;
        });
    }

    /** @param partition the record's partition, or null for the producer to choose */
    CompletableFuture<RecordMetadata> append(
            String topic, Integer partition, byte[] data, long arrivalMillis, Headers headers) {
        // Headers are null for a record in the clear: singletonList takes a null, List.of does not.
        CompletableFuture<RecordMetadata> done = new CompletableFuture<>();
        appendAll(topic, partition, List.of(data), Collections.singletonList(headers), arrivalMillis)
                .thenAccept(outcome -> {
                    // Kafka's own exception, not wrapped: the caller's message names it as before.
                    if (outcome.error(0) != null) {
                        done.completeExceptionally(outcome.error(0));
                    } else {
                        done.complete(outcome.metadata(0));
                    }
                });
        return done;
    }

    /**
     * Appends {@code values} (each with its {@code headers}) to {@code partition}, or where the producer chooses when
     * it is null, and completes once Kafka answered for all of them.
     */
    CompletableFuture<BatchAcks> appendAll(
            String topic, Integer partition, List<byte[]> values, List<Headers> headers, long arrivalMillis) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            records.add(new ProducerRecord<>(topic, partition, arrivalMillis, null, values.get(i), headers.get(i)));
        }
        return BatchAcks.send(producer, records, acks);
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
        acks.shutdownNow();
    }
}

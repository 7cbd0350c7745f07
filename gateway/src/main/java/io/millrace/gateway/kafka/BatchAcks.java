package io.millrace.gateway.kafka;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Kafka's answers to the records of one request's batch, by position: each record's metadata or the error that
 * refused it. Filled in by the producer's callbacks; complete once every record was answered.
 */
public final class BatchAcks {

    private final RecordMetadata[] metadata;
    private final Exception[] errors;
    private final AtomicInteger unanswered;

    private BatchAcks(int size) {
        this.metadata = new RecordMetadata[size];
        this.errors = new Exception[size];
        this.unanswered = new AtomicInteger(size);
    }

    /**
     * Sends {@code records} in the order given (so in order within each partition) and completes once Kafka answered
     * for every one of them, on {@code completions}: a request waits for all of its records anyway, and one hand-off
     * per request, instead of one per record, keeps the producer's network thread free and spares a task per record.
     */
    public static <K, V> CompletableFuture<BatchAcks> send(
            Producer<K, V> producer, List<ProducerRecord<K, V>> records, Executor completions) {
        BatchAcks acks = new BatchAcks(records.size());
        CompletableFuture<BatchAcks> done = new CompletableFuture<>();
        if (records.isEmpty()) {
            done.complete(acks);
            return done;
        }
        for (int i = 0; i < records.size(); i++) {
            int index = i;
            try {
                producer.send(records.get(i), (metadata, error) -> {
                    if (acks.settle(index, metadata, error)) {
                        completions.execute(() -> done.complete(acks));
                    }
                });
            } catch (RuntimeException e) {
                if (acks.settle(index, null, e)) {
                    completions.execute(() -> done.complete(acks));
                }
            }
        }
        return done;
    }

    /**
     * Records the answer for one record; true for the last answer of the batch. The atomic decrement orders the
     * array writes before the reads of whoever sees the count reach zero.
     */
    private boolean settle(int index, RecordMetadata acked, Exception error) {
        if (error != null) {
            errors[index] = error;
        } else {
            metadata[index] = acked;
        }
        return unanswered.decrementAndGet() == 0;
    }

    public int size() {
        return metadata.length;
    }

    /** The record's metadata, null when Kafka refused it. */
    public RecordMetadata metadata(int index) {
        return metadata[index];
    }

    /** Why Kafka refused the record, null when it was written. */
    public Exception error(int index) {
        return errors[index];
    }
}

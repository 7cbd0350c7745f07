package io.millrace.kinesis.storage;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Kafka's answers to the records of one {@link RecordWriter#appendAll} call, by position: each record's metadata
 * or the error that refused it. Filled in by the producer's callbacks; complete once every record was answered.
 */
public final class BatchAcks {

    private final RecordMetadata[] metadata;
    private final Exception[] errors;
    private final AtomicInteger unanswered;

    BatchAcks(int size) {
        this.metadata = new RecordMetadata[size];
        this.errors = new Exception[size];
        this.unanswered = new AtomicInteger(size);
    }

    /**
     * Records the answer for one record; true for the last answer of the batch. The atomic decrement orders the
     * array writes before the reads of whoever sees the count reach zero.
     */
    boolean settle(int index, RecordMetadata acked, Exception error) {
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

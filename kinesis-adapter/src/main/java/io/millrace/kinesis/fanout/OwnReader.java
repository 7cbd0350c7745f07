package io.millrace.kinesis.fanout;

import io.millrace.kinesis.api.KinesisBackend;
import io.millrace.kinesis.api.RecordOpener;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * A subscription's Kafka consumer of its own, for a position before its shard tail's window (TRIM_HORIZON,
 * AT_TIMESTAMP, a client that fell behind): assigned to the shard's partition at the position, its fetch size leased
 * from the gateway's prefetch budget until it closes. Its reads are slices like the window's, so the subscription
 * sends them alike and switches between the two at any record.
 */
final class OwnReader implements AutoCloseable {

    private final KinesisBackend backend;
    private final TopicPartition partition;
    private final int fetchBytes;
    private final KafkaConsumer<byte[], byte[]> consumer;

    private OwnReader(KinesisBackend backend, String clientId, TopicPartition partition, long position, Duration poll) {
        this.backend = backend;
        this.partition = partition;
        // One event's worth (events carry at most a second of the 2 MiB/s a subscriber may read).
        this.fetchBytes = backend.readers().budget().lease(FanOutRate.BYTES_PER_SECOND);
        try {
            this.consumer = FanOutReaders.open(backend, clientId, (int) poll.toMillis(), fetchBytes);
        } catch (RuntimeException e) {
            backend.readers().budget().release(fetchBytes);
            throw e;
        }
        consumer.assign(List.of(partition));
        consumer.seek(partition, position);
    }

    static OwnReader open(KinesisBackend backend, String clientId, TopicPartition partition, long position) {
        return new OwnReader(backend, clientId, partition, position, FanOutReaders.POLL);
    }

    /**
     * One fetch, waiting up to the poll interval for records: opened, with the consumer's position after them
     * (past a trim when the consumer reset to the trim horizon) and its lag.
     */
    TailWindow.Slice read() {
        List<ConsumerRecord<byte[], byte[]>> fetched =
                consumer.poll(FanOutReaders.POLL).records(partition);
        if (!fetched.isEmpty()) {
            fetched = RecordOpener.open(backend, fetched, data -> data);
        }
        return new TailWindow.Slice(fetched, consumer.position(partition), consumer.currentLag(partition));
    }

    /** Ends a poll in progress from another thread (it throws WakeupException). */
    void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        try {
            consumer.close();
        } finally {
            backend.readers().budget().release(fetchBytes);
        }
    }
}

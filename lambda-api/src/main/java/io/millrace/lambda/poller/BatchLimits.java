package io.millrace.lambda.poller;

import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * How much of a shard's records one invocation takes: BatchSize records, and at most {@link #MAX_BATCH_BYTES} of
 * data and keys (base64 makes 4 MiB about 5.6 MB, under Lambda's 6 MB synchronous invocation payload); a single
 * record is always taken.
 */
final class BatchLimits {

    static final int MAX_BATCH_BYTES = 4 * 1024 * 1024;

    private BatchLimits() {}

    /** Takes the next records from the head of {@code records}, within {@code count} records and {@code bytes}. */
    static List<ConsumerRecord<byte[], byte[]>> take(
            Deque<ConsumerRecord<byte[], byte[]>> records, int count, long bytes) {
        List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
        long taken = 0;
        while (!records.isEmpty() && batch.size() < count) {
            ConsumerRecord<byte[], byte[]> next = records.peekFirst();
            long size = (next.value() == null ? 0 : next.value().length) + (next.key() == null ? 0 : next.key().length);
            if (!batch.isEmpty() && taken + size > bytes) {
                break;
            }
            batch.add(records.pollFirst());
            taken += size;
        }
        return batch;
    }
}

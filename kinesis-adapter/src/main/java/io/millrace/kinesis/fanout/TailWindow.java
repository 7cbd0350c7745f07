package io.millrace.kinesis.fanout;

import io.millrace.gateway.protocol.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The most recent records of one shard, already opened (decrypted) as a subscription sends them, for every
 * subscription at the shard's tail. It covers the offsets {@code [start, end)}: every record the shard has in that
 * range is here (offsets without a record are transaction markers, aborted or trimmed records: no reader sees
 * them). The records' key and data bytes, plus {@link #RECORD_OVERHEAD} per record, stay within the bound: the
 * oldest records leave first (the latest one always stays, however large), and {@code start} moves past them.
 * Readers at the end wait on the window; appending wakes them.
 */
final class TailWindow {

    /** What a record costs beyond its key and data, counted against the bound: the record object and its parts. */
    static final long RECORD_OVERHEAD = 128;

    /** Records from a position: {@code next} is where the reader continues, {@code lag} as a consumer's. */
    record Slice(List<ConsumerRecord<byte[], byte[]>> records, long next, OptionalLong lag) {}

    private final long boundBytes;
    private final ArrayList<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    /** Index of the oldest record kept: records before it left the window and are dropped in bulk. */
    private int head;

    private long start;
    private long end;
    private long bytes;
    private OptionalLong lag = OptionalLong.empty();
    private long wakeups;
    private boolean closed;
    private ApiException failure;

    TailWindow(long boundBytes, long startOffset) {
        this.boundBytes = boundBytes;
        this.start = startOffset;
        this.end = startOffset;
    }

    /**
     * Adds what a fetch returned ({@code fetched}, in offset order) and the reader's position after it, then wakes
     * the readers. A position before the end (the reader was reset) empties the window, starting it there.
     */
    synchronized void append(List<ConsumerRecord<byte[], byte[]>> fetched, long position, OptionalLong lagAfter) {
        if (position < end) {
            records.clear();
            head = 0;
            bytes = 0;
            start = fetched.isEmpty()
                    ? position
                    : Math.min(position, fetched.get(0).offset());
            end = start;
        }
        for (ConsumerRecord<byte[], byte[]> record : fetched) {
            if (record.offset() >= end && record.offset() < position) {
                records.add(record);
                bytes += cost(record);
            }
        }
        end = position;
        lag = lagAfter;
        while (bytes > boundBytes && records.size() - head > 1) {
            ConsumerRecord<byte[], byte[]> oldest = records.set(head++, null);
            bytes -= cost(oldest);
            start = oldest.offset() + 1;
        }
        if (head > 1024 && head > records.size() / 2) {
            records.subList(0, head).clear();
            head = 0;
        }
        notifyAll();
    }

    /**
     * Whether a reader at {@code position} can read here: the window is open and the position not before its
     * start. A position beyond the end is covered: the reader waits for the records to arrive.
     */
    synchronized boolean covers(long position) {
        return !closed && position >= start;
    }

    /**
     * Up to {@code maxRecords} records from {@code position}, waiting up to {@code waitMillis} for one when the
     * reader is at the end (an empty slice when none came, or {@link #wakeAll} was called). Null when the window
     * does not cover the position (the reader fell behind it, or the window closed).
     *
     * @throws ApiException what the tail failed with (a KMS error of an encrypted stream)
     */
    synchronized Slice read(long position, int maxRecords, long waitMillis) throws InterruptedException {
        long deadline = System.nanoTime() + waitMillis * 1_000_000;
        long wakeupsAtStart = wakeups;
        while (failure == null && !closed && position >= end && wakeups == wakeupsAtStart) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                break;
            }
            wait(remaining / 1_000_000, (int) (remaining % 1_000_000));
        }
        if (failure != null) {
            throw failure;
        }
        if (closed || position < start) {
            return null;
        }
        if (position >= end) {
            return new Slice(List.of(), position, lag);
        }
        int from = indexOf(position);
        int to = Math.min(records.size(), from + maxRecords);
        List<ConsumerRecord<byte[], byte[]>> slice = List.copyOf(records.subList(from, to));
        if (to < records.size()) {
            // More is here: the reader continues at the next record and is behind by the rest.
            long next = records.get(to).offset();
            return new Slice(slice, next, OptionalLong.of(end - next));
        }
        return new Slice(slice, end, lag);
    }

    /** Wakes every reader waiting at the end (a subscription stopping). */
    synchronized void wakeAll() {
        wakeups++;
        notifyAll();
    }

    /** The tail stopped: readers go back to consumers of their own. */
    synchronized void close() {
        closed = true;
        notifyAll();
    }

    /** The tail failed with an error the subscriptions end with, as their own reader would have. */
    synchronized void fail(ApiException e) {
        failure = e;
        notifyAll();
    }

    synchronized long start() {
        return start;
    }

    synchronized long end() {
        return end;
    }

    synchronized long bytes() {
        return bytes;
    }

    /** The index of the first record at or after {@code position} (a binary search of the kept records). */
    private int indexOf(long position) {
        int low = head;
        int high = records.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (records.get(mid).offset() < position) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private static long cost(ConsumerRecord<byte[], byte[]> record) {
        return ShardEvents.size(record) + RECORD_OVERHEAD;
    }
}

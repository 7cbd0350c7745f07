package io.millrace.kinesis.storage;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.serialization.ByteBufferDeserializer;

/**
 * Reads ranges of a shard for GetRecords with a bounded pool of Kafka consumers. A reader that last stopped
 * exactly where the next call starts is preferred: its prefetched data and fetch session make sequential reading
 * of a shard (what every GetRecords loop does) cost no extra round trip.
 */
public final class ShardReaderPool implements AutoCloseable {

    /**
     * What one read found: the records, the offset to continue from, and whether it reached the log's end. Keys
     * and values are views of the fetched data, not copies (ByteBufferDeserializer copies nothing, where
     * ByteArrayDeserializer copied each value into a new array: 15% of the GetRecords threads' CPU in a profile).
     * Read them without moving their position and never write them; they stay valid while referenced.
     * {@code earlierTimestamp} is the time of the last record this reader returned before the range (-1 when
     * unknown): an answer that found nothing yet is not caught up still has an age to report. {@code bytes} counts
     * the keys and values of the records, and {@code withHeaders} says whether any carries Kafka headers (encrypted
     * records do): both found in the one pass that picks the records, so that a caller need not walk 10,000 records
     * again for them.
     */
    public record ReadResult(
            List<ConsumerRecord<ByteBuffer, ByteBuffer>> records,
            long nextOffset,
            boolean caughtUp,
            long earlierTimestamp,
            long bytes,
            boolean withHeaders,
            RecordRun run) {

        ReadResult(
                List<ConsumerRecord<ByteBuffer, ByteBuffer>> records,
                long nextOffset,
                boolean caughtUp,
                long earlierTimestamp,
                long bytes,
                boolean withHeaders) {
            this(records, nextOffset, caughtUp, earlierTimestamp, bytes, withHeaders, null);
        }

        /** How many records the read found, by either path. */
        public int count() {
            return run == null ? records.size() : run.size();
        }

        /** The time of the last record found, or -1 when none was. */
        public long lastTimestamp() {
            if (run != null) {
                return run.size() == 0 ? -1 : run.timestamp(run.size() - 1);
            }
            return records.isEmpty() ? -1 : records.get(records.size() - 1).timestamp();
        }
    }

    private static final Duration MAX_WAIT = Duration.ofMillis(1000);

    private final Map<String, Object> consumerProps;
    /** Whether readers fetch record batches of their own ({@link ShardFetcher}) rather than through a consumer. */
    private final boolean fetchPath;

    private final long fetchWaitNanos;
    private final ReadPrefetchBudget budget;
    private final int readerShare;
    private final Semaphore capacity;
    private final Deque<Reader> idle = new ArrayDeque<>();
    private final int maxReaders;
    private int live;
    private volatile boolean closed;

    private static final class Reader {
        /** The fetch path's client, or null on the consumer path. */
        final ShardFetcher fetcher;

        final BatchWalk walk;
        /** Made when first needed: at once on the consumer path, on the fetch path for a read it leaves to it. */
        KafkaConsumer<ByteBuffer, ByteBuffer> consumer;

        final int fetchBytes;
        TopicPartition assigned;
        long position = -1;
        /** Time of the record before {@code position}, when this reader returned it; else -1. */
        long timestampBefore = -1;
        /** Where the consumer stands, which differs from {@code position} after reads by the fetcher. */
        TopicPartition consumerAssigned;

        long consumerPosition = -1;

        Reader(ShardFetcher fetcher, KafkaConsumer<ByteBuffer, ByteBuffer> consumer, int fetchBytes) {
            this.fetcher = fetcher;
            this.walk = fetcher == null ? null : new BatchWalk();
            this.consumer = consumer;
            this.fetchBytes = fetchBytes;
        }
    }

    /**
     * @param budget what all readers may hold fetched ahead; each of the {@code maxReaders} leases up to a quarter
     *     of it (at most one 10 MiB fetch), so a few busy shards read at full speed and many share it
     */
    public ShardReaderPool(Map<String, Object> clientProps, int maxReaders, ReadPrefetchBudget budget) {
        this(clientProps, maxReaders, budget, false);
    }

    /**
     * @param fetchPath read with fetch requests of the pool's own, written into answers without the consumer's
     *     objects per record ({@link ShardFetcher}, {@link BatchWalk}); reads it cannot answer go to a consumer
     */
    public ShardReaderPool(
            Map<String, Object> clientProps, int maxReaders, ReadPrefetchBudget budget, boolean fetchPath) {
        this.fetchPath = fetchPath;
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Data older than the retention period is gone: an iterator pointing there reads from the trim horizon.
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, StreamTopics.READ_ISOLATION);
        props.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "millrace-shard-reader");
        this.consumerProps = props;
        this.fetchWaitNanos = TimeUnit.MILLISECONDS.toNanos(
                Long.parseLong(String.valueOf(props.get(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG))));
        this.budget = budget;
        this.readerShare = (int) Math.min(StreamTopics.MAX_MESSAGE_BYTES, budget.total() / 4);
        this.capacity = new Semaphore(maxReaders);
        this.maxReaders = maxReaders;
    }

    /**
     * Reads from {@code offset} up to {@code maxRecords} records and about {@code maxBytes} of data (at least one
     * record when any is there), stopping before {@code endOffset} when the shard is closed (else pass -1).
     */
    public ReadResult read(String topic, int partition, long offset, int maxRecords, long maxBytes, long endOffset)
            throws InterruptedException {
        if (!capacity.tryAcquire(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new ReaderPoolExhaustedException();
        }
        Reader reader = null;
        try {
            TopicPartition tp = new TopicPartition(topic, partition);
            reader = borrow(tp, offset);
            return reader.fetcher == null
                    ? readWith(reader, tp, offset, maxRecords, maxBytes, endOffset)
                    : fetchWith(reader, tp, offset, maxRecords, maxBytes, endOffset);
        } catch (RuntimeException e) {
            if (reader != null) {
                discard(reader);
                reader = null;
            }
            throw e;
        } finally {
            if (reader != null) {
                giveBack(reader);
            }
            capacity.release();
        }
    }

    private ReadResult readWith(
            Reader reader, TopicPartition tp, long offset, int maxRecords, long maxBytes, long endOffset) {
        if (reader.consumer == null) {
            reader.consumer = newConsumer(consumerProps, reader.fetchBytes);
        }
        KafkaConsumer<ByteBuffer, ByteBuffer> consumer = reader.consumer;
        if (!tp.equals(reader.consumerAssigned)) {
            consumer.assign(List.of(tp));
            reader.consumerAssigned = tp;
            reader.consumerPosition = -1;
        }
        if (reader.consumerPosition != offset) {
            consumer.seek(tp, offset);
        }
        if (!tp.equals(reader.assigned) || reader.position != offset) {
            reader.timestampBefore = -1;
        }
        reader.assigned = tp;
        long earlierTimestamp = reader.timestampBefore;
        // The poll's own list of this partition (one poll answers up to max.poll.records, the call's 10,000): the
        // answer is a prefix of it, taken as a view rather than copied record by record (two copies of up to
        // 10,000 references per call before).
        List<ConsumerRecord<ByteBuffer, ByteBuffer>> polled = List.of();
        long startedAt = System.nanoTime();
        long deadline = startedAt + MAX_WAIT.toNanos();
        // The lag is as fresh as the last fetch answer: only one sent after this call began (the broker answers
        // within the fetch wait) can say a record put just before the call is not there.
        long lagFreshAt = startedAt + fetchWaitNanos;
        boolean caughtUp = false;
        while (polled.isEmpty()) {
            polled = consumer.poll(Duration.ofMillis(5)).records(tp);
            if (!polled.isEmpty()) {
                break;
            }
            OptionalLong lag = consumer.currentLag(tp);
            boolean atTip = lag.isPresent() && lag.getAsLong() == 0 && System.nanoTime() >= lagFreshAt;
            if (atTip || (endOffset >= 0 && consumer.position(tp) >= endOffset)) {
                caughtUp = true;
                break;
            }
            if (System.nanoTime() > deadline) {
                break;
            }
        }

        int count = 0;
        long bytes = 0;
        boolean withHeaders = false;
        for (ConsumerRecord<ByteBuffer, ByteBuffer> record : polled) {
            if (count >= maxRecords || (endOffset >= 0 && record.offset() >= endOffset)) {
                break;
            }
            long size = Math.max(0, record.serializedValueSize()) + Math.max(0, record.serializedKeySize());
            if (count > 0 && bytes + size > maxBytes) {
                break;
            }
            count++;
            bytes += size;
            // No array is made for a record without headers (Kafka hands out a shared empty one).
            withHeaders |= record.headers().toArray().length > 0;
        }
        List<ConsumerRecord<ByteBuffer, ByteBuffer>> taken = count == polled.size() ? polled : polled.subList(0, count);
        long next;
        if (!taken.isEmpty()) {
            next = taken.get(taken.size() - 1).offset() + 1;
        } else if (!polled.isEmpty()) {
            next = polled.get(0).offset();
        } else {
            next = Math.max(offset, consumer.position(tp, Duration.ofSeconds(5)));
        }
        if (taken.size() < polled.size()) {
            consumer.seek(tp, next);
            caughtUp = false;
        } else if (!taken.isEmpty()) {
            OptionalLong lag = consumer.currentLag(tp);
            caughtUp = lag.isPresent() && lag.getAsLong() == 0;
        }
        if (endOffset >= 0 && next >= endOffset) {
            next = Math.max(next, endOffset);
            caughtUp = true;
        }
        reader.position = next;
        reader.consumerPosition = next;
        if (!taken.isEmpty()) {
            reader.timestampBefore = taken.get(taken.size() - 1).timestamp();
        } else if (next != offset) {
            reader.timestampBefore = -1;
        }
        return new ReadResult(taken, next, caughtUp, earlierTimestamp, bytes, withHeaders);
    }

    /**
     * The fetch path: fetches from {@code offset} until records come, the tip is reached or the wait is over, and
     * walks the batches into a {@link RecordRun}. The same answers as {@link #readWith}: the consumer reads what
     * this path does not (a record with headers first, an old batch format, an offset out of range, which the
     * consumer resets to the log start).
     */
    private ReadResult fetchWith(
            Reader reader, TopicPartition tp, long offset, int maxRecords, long maxBytes, long endOffset) {
        if (!tp.equals(reader.assigned) || reader.position != offset) {
            reader.timestampBefore = -1;
        }
        reader.assigned = tp;
        long earlierTimestamp = reader.timestampBefore;
        RecordRun run = new RecordRun(maxRecords);
        long deadline = System.nanoTime() + MAX_WAIT.toNanos();
        int waitMs = (int) TimeUnit.NANOSECONDS.toMillis(fetchWaitNanos);
        long next = offset;
        boolean caughtUp = false;
        // The tip of the last fetch: records after the answer are known to be there when it lies beyond.
        long tip = -1;
        while (true) {
            ShardFetcher.Fetched fetched = reader.fetcher.fetch(tp, next, reader.fetchBytes, waitMs, deadline);
            if (fetched.error() == Errors.OFFSET_OUT_OF_RANGE) {
                return readWith(reader, tp, offset, maxRecords, maxBytes, endOffset);
            }
            if (fetched.records() == null) {
                break;
            }
            tip = fetched.tip();
            BatchWalk.Outcome outcome = reader.walk.walk(
                    fetched.records(), fetched.abortedTransactions(), next, maxRecords, maxBytes, endOffset, run);
            if (outcome.end() == BatchWalk.End.CONSUMER) {
                // The whole read from the call's offset, whatever the walk took before it stopped.
                return readWith(reader, tp, offset, maxRecords, maxBytes, endOffset);
            }
            next = Math.max(next, outcome.nextOffset());
            if (run.size() > 0 || outcome.end() == BatchWalk.End.LIMIT) {
                // With records to answer, a fetch sent ahead's tip counts as the consumer path's lag from its last
                // fetch does (that fetch, too, was sent before the call).
                caughtUp = outcome.end() == BatchWalk.End.DRAINED && next >= fetched.tip();
                break;
            }
            // Nothing to answer yet. The fetch was sent after this call began and the broker held it for the
            // fetch wait: at the tip, the shard has nothing newer (one sent ahead is fetched again).
            if (!fetched.sentAhead() && fetched.tip() >= 0 && next >= fetched.tip()) {
                caughtUp = true;
                break;
            }
            if ((endOffset >= 0 && next >= endOffset) || System.nanoTime() > deadline) {
                break;
            }
        }
        if (endOffset >= 0 && next >= endOffset) {
            caughtUp = true;
        }
        reader.position = next;
        if (!caughtUp && next < tip) {
            // Records after the answer (a limit or the fetch's size stopped it): the next call of a GetRecords
            // loop starts here, and the broker reads it while this answer is encoded and sent.
            reader.fetcher.sendAhead(tp, next, reader.fetchBytes, waitMs);
        }
        if (run.size() > 0) {
            reader.timestampBefore = run.timestamp(run.size() - 1);
        } else if (next != offset) {
            reader.timestampBefore = -1;
        }
        return new ReadResult(List.of(), next, caughtUp, earlierTimestamp, run.bytes(), false, run);
    }

    private synchronized Reader borrow(TopicPartition tp, long offset) {
        Reader sameShard = null;
        for (Iterator<Reader> it = idle.iterator(); it.hasNext(); ) {
            Reader reader = it.next();
            if (tp.equals(reader.assigned)) {
                if (reader.position == offset) {
                    it.remove();
                    return reader;
                }
                if (sameShard == null) {
                    sameShard = reader;
                }
            }
        }
        if (sameShard != null) {
            idle.remove(sameShard);
            return sameShard;
        }
        // Live readers stay within the pool size: past it, the least recently used idle reader moves to this shard.
        // The semaphore guarantees one is idle then.
        if (live >= maxReaders && !idle.isEmpty()) {
            return idle.pollLast();
        }
        live++;
        int fetchBytes = budget.lease(readerShare);
        try {
            return fetchPath
                    ? new Reader(new ShardFetcher(consumerProps, fetchBytes), null, fetchBytes)
                    : new Reader(null, newConsumer(consumerProps, fetchBytes), fetchBytes);
        } catch (RuntimeException e) {
            live--;
            budget.release(fetchBytes);
            throw e;
        }
    }

    /**
     * A consumer that fetches at most {@code fetchBytes} at a time: Kafka still returns a first record batch larger
     * than that whole, so a 10 MiB record is read with any budget.
     */
    static KafkaConsumer<ByteBuffer, ByteBuffer> newConsumer(Map<String, Object> props, int fetchBytes) {
        Map<String, Object> sized = new HashMap<>(props);
        sized.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, fetchBytes);
        sized.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, fetchBytes);
        return new KafkaConsumer<>(sized, new ByteBufferDeserializer(), new ByteBufferDeserializer());
    }

    /** What the readers of this gateway may hold fetched ahead; SubscribeToShard readers lease from it too. */
    public ReadPrefetchBudget budget() {
        return budget;
    }

    private synchronized void discard(Reader reader) {
        live--;
        close(reader, Duration.ZERO);
    }

    private void close(Reader reader, Duration timeout) {
        try (ShardFetcher fetcher = reader.fetcher) {
            if (reader.consumer != null) {
                reader.consumer.close(timeout);
            }
        } finally {
            budget.release(reader.fetchBytes);
        }
    }

    private synchronized void giveBack(Reader reader) {
        if (closed) {
            discard(reader);
            return;
        }
        idle.addFirst(reader);
    }

    /** Forgets readers of a deleted topic. */
    public synchronized void evict(String topic) {
        for (Iterator<Reader> it = idle.iterator(); it.hasNext(); ) {
            Reader reader = it.next();
            if (reader.assigned != null && reader.assigned.topic().equals(topic)) {
                it.remove();
                live--;
                close(reader, Duration.ZERO);
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        idle.forEach(reader -> close(reader, Duration.ofMillis(500)));
        idle.clear();
    }

    /** Every reader is busy for longer than a caller should wait. */
    public static final class ReaderPoolExhaustedException extends RuntimeException {
        ReaderPoolExhaustedException() {
            super("All shard readers are busy", null, false, false);
        }
    }
}

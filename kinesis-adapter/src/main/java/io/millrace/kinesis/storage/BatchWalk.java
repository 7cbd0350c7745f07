package io.millrace.kinesis.storage;

import java.nio.ByteBuffer;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.ControlRecordType;
import org.apache.kafka.common.record.DefaultRecordBatch;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.utils.BufferSupplier;
import org.apache.kafka.common.utils.CloseableIterator;

/**
 * Walks fetched record batches into a {@link RecordRun} the way the Kafka consumer hands out records, without its
 * objects per record: uncompressed batches (the producer's default, and the stream writer's) are read in place,
 * varint by varint (Kafka's record format v2: length, attributes, timestamp delta, offset delta, key length, key,
 * value length, value, header count, headers); compressed ones through Kafka's own decompressing iterator, each
 * record's key and value copied once. Like the consumer: records before the fetch offset are skipped, control
 * batches are skipped and moved past, batches of aborted transactions are dropped as a {@code read_committed}
 * consumer drops them (the fetch names each aborted transaction's producer and first offset; a producer's batches
 * from there are aborted until its abort marker), every batch's CRC is checked before it is read (the consumer's default
 * {@code check.crcs=true}: the broker serves stored batches as they are, so this is the one check against
 * corruption after the append). Magic v0/v1 batches (written by clients before Kafka 0.11) are not walked: the
 * caller reads those through the consumer.
 */
final class BatchWalk {

    /** Why a walk stopped: the batches ran out, a limit was reached, or the consumer must read this range. */
    enum End {
        DRAINED,
        LIMIT,
        CONSUMER
    }

    /** How a walk ended and the offset to continue from. */
    record Outcome(End end, long nextOffset) {}

    private final BufferSupplier decompression = BufferSupplier.create();

    /**
     * Adds to {@code run} the records from {@code from} on, stopping before {@code endOffset} (when not -1), at
     * {@code maxRecords} records or before the record that would take the keys and values past {@code maxBytes}
     * (the first record is taken whatever its size). A record with headers within those limits (encrypted records
     * carry their envelope in one) ends the walk with {@link End#CONSUMER}, the run left to be dropped, as does an
     * old batch format.
     */
    Outcome walk(
            MemoryRecords records,
            List<FetchResponseData.AbortedTransaction> abortedTransactions,
            long from,
            int maxRecords,
            long maxBytes,
            long endOffset,
            RecordRun run) {
        Aborted aborted = new Aborted(abortedTransactions);
        ByteBuffer buffer = records.buffer();
        if (!buffer.hasArray()) {
            // Fetch answers are read into heap buffers; any other kind is the consumer's to read.
            return new Outcome(End.CONSUMER, from);
        }
        byte[] array = buffer.array();
        int base = buffer.arrayOffset() + buffer.position();
        int batchStart = 0;
        long next = from;
        for (MutableRecordBatch batch : records.batches()) {
            int start = base + batchStart;
            batchStart += batch.sizeInBytes();
            // Every batch of the fetch counts for the aborted transactions' bookkeeping, as in the consumer.
            boolean abortedBatch = aborted.skips(batch);
            if (batch.lastOffset() < next) {
                continue;
            }
            if (batch.magic() < RecordBatch.MAGIC_VALUE_V2) {
                return new Outcome(End.CONSUMER, next);
            }
            try {
                batch.ensureValid();
            } catch (CorruptRecordException e) {
                throw new KafkaException(
                        "Record batch at offset " + batch.baseOffset() + " is invalid: " + e.getMessage(), e);
            }
            if (abortedBatch || batch.isControlBatch()) {
                next = batch.nextOffset();
                continue;
            }
            if (endOffset >= 0 && batch.baseOffset() >= endOffset) {
                return new Outcome(End.LIMIT, next);
            }
            long logAppendTime = batch.timestampType() == TimestampType.LOG_APPEND_TIME ? batch.maxTimestamp() : -1;
            Outcome stopped = batch.compressionType() == CompressionType.NONE
                    ? walkInPlace(
                            (DefaultRecordBatch) batch,
                            array,
                            start,
                            logAppendTime,
                            next,
                            maxRecords,
                            maxBytes,
                            endOffset,
                            run)
                    : walkDecompressed(batch, next, maxRecords, maxBytes, endOffset, run);
            if (stopped.end() != End.DRAINED) {
                return stopped;
            }
            // Past the whole batch, as the consumer's next fetch offset: a batch's last offset stays even when
            // compaction removed its last record.
            next = batch.nextOffset();
        }
        return new Outcome(End.DRAINED, next);
    }

    private static Outcome walkInPlace(
            DefaultRecordBatch batch,
            byte[] array,
            int start,
            long logAppendTime,
            long from,
            int maxRecords,
            long maxBytes,
            long endOffset,
            RecordRun run) {
        long baseOffset = batch.baseOffset();
        long baseTimestamp = batch.baseTimestamp();
        Integer count = batch.countOrNull();
        int at = start + DefaultRecordBatch.RECORD_BATCH_OVERHEAD;
        int end = start + batch.sizeInBytes();
        Varints in = new Varints(array);
        for (int i = 0; i < (count == null ? 0 : count); i++) {
            in.at = at;
            int bodyLength = in.varint();
            int recordEnd = in.at + bodyLength;
            if (bodyLength < 0 || recordEnd > end) {
                throw new KafkaException(
                        "Record at index " + i + " of the batch at offset " + baseOffset + " runs past its batch");
            }
            in.at++; // attributes: unused in format v2
            long timestampDelta = in.varlong();
            int offsetDelta = in.varint();
            long offset = baseOffset + offsetDelta;
            at = recordEnd;
            if (offset < from) {
                continue;
            }
            int keyLength = in.varint();
            int keyStart = in.at;
            in.at += Math.max(0, keyLength);
            int valueLength = in.varint();
            int valueStart = in.at;
            in.at += Math.max(0, valueLength);
            boolean headers = in.varint() != 0;
            long timestamp = logAppendTime >= 0 ? logAppendTime : baseTimestamp + timestampDelta;
            End stop = check(run, offset, keyLength, valueLength, headers, maxRecords, maxBytes, endOffset);
            if (stop != null) {
                return new Outcome(stop, run.size() == 0 ? from : run.offset(run.size() - 1) + 1);
            }
            run.add(offset, timestamp, array, keyStart, keyLength, valueStart, valueLength);
        }
        return new Outcome(End.DRAINED, -1);
    }

    private Outcome walkDecompressed(
            RecordBatch batch, long from, int maxRecords, long maxBytes, long endOffset, RecordRun run) {
        try (CloseableIterator<Record> records = batch.streamingIterator(decompression)) {
            while (records.hasNext()) {
                Record record = records.next();
                if (record.offset() < from) {
                    continue;
                }
                int keyLength = record.hasKey() ? record.keySize() : -1;
                int valueLength = record.hasValue() ? record.valueSize() : -1;
                End stop = check(
                        run,
                        record.offset(),
                        keyLength,
                        valueLength,
                        record.headers().length > 0,
                        maxRecords,
                        maxBytes,
                        endOffset);
                if (stop != null) {
                    return new Outcome(stop, run.size() == 0 ? from : run.offset(run.size() - 1) + 1);
                }
                // Key and value copied once, side by side: the decompressed bytes are not kept.
                byte[] copy = new byte[Math.max(0, keyLength) + Math.max(0, valueLength)];
                if (keyLength > 0) {
                    record.key().get(record.key().position(), copy, 0, keyLength);
                }
                if (valueLength > 0) {
                    record.value().get(record.value().position(), copy, Math.max(0, keyLength), valueLength);
                }
                run.add(record.offset(), record.timestamp(), copy, 0, keyLength, Math.max(0, keyLength), valueLength);
            }
        }
        return new Outcome(End.DRAINED, -1);
    }

    /** Why the record at {@code offset} is not taken, or null to take it. */
    private static End check(
            RecordRun run,
            long offset,
            int keyLength,
            int valueLength,
            boolean headers,
            int maxRecords,
            long maxBytes,
            long endOffset) {
        if (run.size() >= maxRecords || (endOffset >= 0 && offset >= endOffset)) {
            return End.LIMIT;
        }
        long size = Math.max(0, keyLength) + Math.max(0, valueLength);
        if (run.size() > 0 && run.bytes() + size > maxBytes) {
            return End.LIMIT;
        }
        if (!headers) {
            return null;
        }
        // A record with headers within the answer (an encrypted stream's envelope): the whole read is the
        // consumer's, so the answer is the one the consumer path gives (every record up to the limits, plaintext
        // and encrypted alike) rather than one cut short before it, which a reader of a stream switched to
        // encryption would see as a one-record answer at the switch (StreamEncryptionIT with read-path=fetch).
        return End.CONSUMER;
    }

    /**
     * The consumer's bookkeeping of aborted transactions over one fetch ({@code CompletedFetch} in Kafka's client):
     * a transaction becomes aborted for its producer once the walk reaches its first offset, and stops being so at
     * that producer's abort marker.
     */
    private static final class Aborted {
        private final PriorityQueue<FetchResponseData.AbortedTransaction> pending;
        private final Set<Long> producers = new HashSet<>();

        Aborted(List<FetchResponseData.AbortedTransaction> transactions) {
            if (transactions == null || transactions.isEmpty()) {
                pending = null;
                return;
            }
            pending = new PriorityQueue<>(
                    transactions.size(), Comparator.comparingLong(FetchResponseData.AbortedTransaction::firstOffset));
            pending.addAll(transactions);
        }

        /** Whether {@code batch} belongs to an aborted transaction (read in order, batch by batch). */
        boolean skips(RecordBatch batch) {
            if (pending == null || !batch.hasProducerId()) {
                return false;
            }
            while (!pending.isEmpty() && pending.peek().firstOffset() <= batch.lastOffset()) {
                producers.add(pending.poll().producerId());
            }
            if (batch.isControlBatch()) {
                if (abortMarker(batch)) {
                    producers.remove(batch.producerId());
                }
                return false;
            }
            return batch.isTransactional() && producers.contains(batch.producerId());
        }

        private static boolean abortMarker(RecordBatch batch) {
            Iterator<Record> records = batch.iterator();
            return records.hasNext() && ControlRecordType.parse(records.next().key()) == ControlRecordType.ABORT;
        }
    }

    /** Kafka's zig-zag varints (the protobuf encoding) read from an array. */
    private static final class Varints {
        private final byte[] array;
        int at;

        Varints(byte[] array) {
            this.array = array;
        }

        int varint() {
            // One byte for most fields of a record (lengths under 64, small deltas, no headers): no loop.
            int first = array[at];
            if (first >= 0) {
                at++;
                return (first >>> 1) ^ -(first & 1);
            }
            int value = 0;
            int shift = 0;
            int b;
            do {
                if (shift > 28) {
                    throw new KafkaException("Varint is too long");
                }
                b = array[at++];
                value |= (b & 0x7f) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            return (value >>> 1) ^ -(value & 1);
        }

        long varlong() {
            long value = 0;
            int shift = 0;
            long b;
            do {
                if (shift > 63) {
                    throw new KafkaException("Varlong is too long");
                }
                b = array[at++];
                value |= (b & 0x7f) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            return (value >>> 1) ^ -(value & 1);
        }
    }
}

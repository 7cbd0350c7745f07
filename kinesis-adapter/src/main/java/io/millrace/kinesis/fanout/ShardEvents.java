package io.millrace.kinesis.fanout;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.protocol.WireCodec;
import io.millrace.kinesis.api.KinesisBackend;
import io.millrace.kinesis.api.RecordsShape;
import io.millrace.kinesis.api.StreamShapes;
import io.millrace.kinesis.metrics.StreamFigure;
import io.millrace.kinesis.metrics.StreamFigures;
import io.millrace.kinesis.model.SequenceNumber;
import io.millrace.kinesis.model.Shards;
import io.millrace.schemas.kinesis.ShardMetadata;
import io.millrace.schemas.kinesis.StreamMetadata;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The SubscribeToShardEvents of one subscription, and the position they leave it at: Records as GetRecords shapes
 * them, the ContinuationSequenceNumber a new subscription resumes after, MillisBehindLatest, and at a closed
 * shard's end its ChildShards.
 */
final class ShardEvents {

    static final String EVENT_TYPE = "SubscribeToShardEvent";

    private final KinesisBackend backend;
    private final String stream;
    private final String consumer;
    private long position;
    private String lastSequence;
    private long lastSentOffset = -1;

    ShardEvents(KinesisBackend backend, String stream, String consumer, long startOffset) {
        this.backend = backend;
        this.stream = stream;
        this.consumer = consumer;
        this.position = startOffset;
    }

    /** The offset of the next record to send. */
    long position() {
        return position;
    }

    /** Moves past records that no longer exist (the reader reset to the trim horizon). */
    void skipTo(long offset) {
        position = Math.max(position, offset);
    }

    /** An event with {@code records} (possibly none); {@code caughtUp} when nothing newer is in the shard. */
    ObjectNode records(ShardMetadata shard, List<ConsumerRecord<byte[], byte[]>> records, boolean caughtUp) {
        long createdSeconds = Shards.createdSeconds(shard);
        ObjectNode event = WireCodec.object();
        event.putPOJO("Records", new RecordsShape(records, createdSeconds, shard.getIndex()));
        long behind = 0;
        long bytes = 0;
        if (!records.isEmpty()) {
            ConsumerRecord<byte[], byte[]> last = records.get(records.size() - 1);
            lastSequence =
                    SequenceNumber.format(createdSeconds, shard.getIndex(), last.offset(), last.timestamp() / 1000);
            lastSentOffset = last.offset();
            position = last.offset() + 1;
            behind = caughtUp ? 0 : Math.max(0, backend.now() - last.timestamp());
            bytes = records.stream().mapToLong(ShardEvents::size).sum();
            backend.metrics().recordGet(stream, shard.getIndex(), records.size(), bytes, behind);
        }
        // AWS's SubscribeToShardEvent figures, one sample per event sent, per consumer.
        backend.metrics().recordFanOut(stream, consumer, shard.getIndex(), records.size(), bytes, behind);
        StreamFigures figures = backend.figures();
        figures.add(stream, consumer, StreamFigure.SUBSCRIBE_TO_SHARD_EVENT_RECORDS, records.size());
        figures.add(stream, consumer, StreamFigure.SUBSCRIBE_TO_SHARD_EVENT_BYTES, bytes);
        figures.add(stream, consumer, StreamFigure.SUBSCRIBE_TO_SHARD_EVENT_MILLIS_BEHIND, behind);
        figures.add(stream, consumer, StreamFigure.SUBSCRIBE_TO_SHARD_EVENT_SUCCESS, 1);
        event.put("ContinuationSequenceNumber", continuation(shard));
        event.put("MillisBehindLatest", behind);
        return event;
    }

    /** The last event of a closed shard read to its end: no continuation, the children instead. */
    ObjectNode shardEnd(StreamMetadata current, ShardMetadata shard) {
        ObjectNode event = WireCodec.object();
        event.putPOJO("Records", new RecordsShape(List.of(), Shards.createdSeconds(shard), shard.getIndex()));
        event.put("MillisBehindLatest", 0L);
        event.set("ChildShards", StreamShapes.childShards(current, shard));
        return event;
    }

    /**
     * Where a new subscription with AFTER_SEQUENCE_NUMBER resumes: the last record sent; when that is not the
     * record before the position (nothing sent yet), that record's number with the current time in its time field
     * (positions ignore it); at offset 0, the shard's "before the first record" marker.
     */
    private String continuation(ShardMetadata shard) {
        if (lastSequence != null && lastSentOffset == position - 1) {
            return lastSequence;
        }
        if (position == 0) {
            return beforeFirst(shard);
        }
        return SequenceNumber.format(
                Shards.createdSeconds(shard), shard.getIndex(), position - 1, backend.now() / 1000);
    }

    /**
     * A sequence number that no record has (record time 0) and that sorts below the shard's first record: a
     * subscription AFTER it starts at offset 0. Offset-derived numbers have no slot before offset 0 otherwise.
     */
    static String beforeFirst(ShardMetadata shard) {
        return SequenceNumber.format(Shards.createdSeconds(shard), shard.getIndex(), 0, 0);
    }

    static long size(ConsumerRecord<byte[], byte[]> record) {
        return Math.max(0, record.serializedValueSize()) + Math.max(0, record.serializedKeySize());
    }
}

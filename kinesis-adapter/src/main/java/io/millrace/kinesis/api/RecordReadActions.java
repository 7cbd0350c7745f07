package io.millrace.kinesis.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.MemberRules;
import io.millrace.gateway.protocol.MemberType;
import io.millrace.gateway.protocol.Validation;
import io.millrace.gateway.protocol.WireCodec;
import io.millrace.kinesis.errors.KinesisErrors;
import io.millrace.kinesis.metrics.StreamFigure;
import io.millrace.kinesis.metrics.StreamFigures;
import io.millrace.kinesis.model.SequenceNumber;
import io.millrace.kinesis.model.ShardId;
import io.millrace.kinesis.model.Shards;
import io.millrace.kinesis.sequence.ShardIterator;
import io.millrace.kinesis.storage.ShardReaderPool;
import io.millrace.schemas.kinesis.ShardMetadata;
import io.millrace.schemas.kinesis.StreamMetadata;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** GetShardIterator and GetRecords: positions in a shard, and reading from them. */
final class RecordReadActions {

    private static final Set<String> ITERATOR_TYPES =
            Set.of("AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER", "TRIM_HORIZON", "LATEST", "AT_TIMESTAMP");
    /** GetRecords returns at most 10,000 records and 10 MiB per call (API reference). */
    private static final int MAX_RECORDS = 10_000;

    private static final MemberRules GET_SHARD_ITERATOR = MemberRules.of("ShardId", KinesisMembers.SHARD_ID.required())
            .and("ShardIteratorType", MemberType.text().required().oneOf(ITERATOR_TYPES))
            .and("StartingSequenceNumber", KinesisMembers.SEQUENCE_NUMBER)
            .and("Timestamp", MemberType.timestamp());
    private static final MemberRules GET_RECORDS = MemberRules.of(
                    "ShardIterator", MemberType.text().required().length(1, 512))
            .and("Limit", MemberType.integer().range(1, MAX_RECORDS));
    private static final long MAX_BYTES = 10L * 1024 * 1024;

    private final KinesisBackend backend;
    private final StreamLookup lookup;

    RecordReadActions(KinesisBackend backend, StreamLookup lookup) {
        this.backend = backend;
        this.lookup = lookup;
    }

    JsonNode getShardIterator(AwsRequest request) throws InterruptedException {
        JsonNode body = request.body();
        Validation validation = new Validation();
        String name = StreamLookup.streamName(body, validation, false);
        MemberRules.Values members = GET_SHARD_ITERATOR.read(request).check(validation);
        validation.throwIfInvalid();
        String shardId = members.text("ShardId");
        String type = members.text("ShardIteratorType");
        String sequence = members.text("StartingSequenceNumber");
        Instant timestamp = members.timestamp("Timestamp");
        if (name == null) {
            throw KinesisErrors.invalidArgument("Either StreamName or StreamARN should be provided.");
        }
        boolean bySequence = type.equals("AT_SEQUENCE_NUMBER") || type.equals("AFTER_SEQUENCE_NUMBER");
        if (bySequence && sequence == null) {
            throw KinesisErrors.invalidArgument("Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER"
                    + " and StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber."
                    + " Request specified " + type + " and no StartingSequenceNumber.");
        }
        if (!bySequence && sequence != null) {
            throw KinesisErrors.invalidArgument("Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER"
                    + " and StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber."
                    + " Request specified " + type + " and also a StartingSequenceNumber.");
        }
        if (type.equals("AT_TIMESTAMP") && timestamp == null) {
            throw KinesisErrors.invalidArgument("Must specify timestampInMillis parameter for iterator of type"
                    + " AT_TIMESTAMP. Current request has no timestamp parameter.");
        }
        StreamMetadata stream = lookup.requireReadable(name);
        ShardMetadata shard = shard(stream, shardId);
        long now = backend.now();
        if (type.equals("AT_TIMESTAMP") && timestamp.toEpochMilli() > now) {
            // AWS refuses a position in the future rather than wait there (an iterator that yields nothing would
            // hide a client's wrong units, such as AWS SDK v1 sending milliseconds as seconds).
            throw KinesisErrors.invalidArgument("The timestampInMillis parameter cannot be greater than the"
                    + " currentTimestampInMillis. timestampInMillis: " + timestamp.toEpochMilli()
                    + ", currentTimestampInMillis: " + now);
        }
        long offset = switch (type) {
            case "TRIM_HORIZON" -> 0L;
            case "LATEST" -> shard.getEndOffset() != null ? shard.getEndOffset() : offsetAt(stream, shard, null);
            // Kafka reads negative timestamps as special positions (-1 latest, -2 earliest...): an instant before
            // 1970 means "from the first record", as every record is after it.
            case "AT_TIMESTAMP" -> offsetAt(stream, shard, Math.max(0, timestamp.toEpochMilli()));
            default -> {
                SequenceNumber parsed = SequenceNumber.parse(sequence);
                if (parsed == null
                        || parsed.shardIndex() != shard.getIndex()
                        || parsed.shardCreatedSeconds() != Shards.createdSeconds(shard)) {
                    throw KinesisErrors.invalidArgument("StartingSequenceNumber " + sequence + " used in"
                            + " GetShardIterator on shard " + ShardId.canonical(shardId) + " in stream " + name
                            + " under account "
                            + backend.accountId() + " is invalid because it did not come from this stream.");
                }
                yield type.equals("AT_SEQUENCE_NUMBER") ? parsed.offset() : parsed.offset() + 1;
            }
        };
        ShardIterator iterator =
                new ShardIterator(name, stream.getCreatedAtMillis(), shard.getIndex(), offset, backend.now());
        ObjectNode response = WireCodec.object();
        response.put("ShardIterator", iterator.encode(backend.signer()));
        return response;
    }

    JsonNode getRecords(AwsRequest request) throws InterruptedException {
        MemberRules.Values members = GET_RECORDS.read(request).checked();
        String token = members.text("ShardIterator");
        Integer limit = members.integer("Limit");
        ShardIterator iterator = ShardIterator.decode(token, backend.signer());
        if (iterator == null) {
            throw KinesisErrors.invalidArgument("Invalid ShardIterator.");
        }
        long now = backend.now();
        if (iterator.expiredAt(now)) {
            throw KinesisErrors.expiredIterator("Iterator expired. The iterator was created at time "
                    + Instant.ofEpochMilli(iterator.issuedAtMillis()) + " while right now it is "
                    + Instant.ofEpochMilli(now) + " which is further in the future than the tolerated delay of "
                    + ShardIterator.TTL_MILLIS + " milliseconds.");
        }
        StreamMetadata stream = lookup.requireReadable(iterator.stream());
        if (stream.getCreatedAtMillis() != iterator.streamCreatedMillis()) {
            throw lookup.notFound(iterator.stream());
        }
        ShardMetadata shard = Shards.find(stream, iterator.shardIndex())
                .orElseThrow(() -> shardNotFound(stream, ShardId.format(iterator.shardIndex())));
        String name = stream.getName();
        if (!backend.limiter().readBudgetAvailable(name, shard.getIndex())
                || !backend.limiter().tryGetRecordsCall(name, shard.getIndex())) {
            backend.metrics().recordReadThrottled(name, shard.getIndex());
            backend.figures().add(name, StreamFigure.READ_THROUGHPUT_EXCEEDED, 1);
            backend.figures().add(name, StreamFigure.GET_RECORDS_SUCCESS, 0);
            throw KinesisErrors.throughputExceeded("Rate exceeded for Shard - " + ShardId.format(shard.getIndex())
                    + " in stream " + name + " under account " + backend.accountId() + ".");
        }
        backend.usage().recordGetRecordsCall(name, shard.getIndex());
        long endOffset = shard.getEndOffset() == null ? -1 : shard.getEndOffset();
        ShardReaderPool.ReadResult result;
        try {
            result = backend.readers()
                    .read(
                            stream.getTopic(),
                            shard.getIndex(),
                            iterator.offset(),
                            limit == null ? MAX_RECORDS : limit,
                            MAX_BYTES,
                            endOffset);
        } catch (ShardReaderPool.ReaderPoolExhaustedException e) {
            throw KinesisErrors.throughputExceeded("Rate exceeded for Shard - " + ShardId.format(shard.getIndex())
                    + " in stream " + name + " under account " + backend.accountId() + ": all readers are busy.");
        }

        ObjectNode response = WireCodec.object();
        long createdSeconds = Shards.createdSeconds(shard);
        long bytes;
        if (result.run() != null) {
            // Read by the fetch path: records without headers, so none is encrypted.
            bytes = result.bytes();
            response.putPOJO("Records", new RecordsShape(result.run(), createdSeconds, shard.getIndex()));
        } else {
            // Only records with headers can be encrypted: the others need no second pass before they are encoded.
            List<ConsumerRecord<ByteBuffer, ByteBuffer>> records = result.withHeaders()
                    ? RecordOpener.open(backend, result.records(), ByteBuffer::wrap)
                    : result.records();
            bytes = records == result.records() ? result.bytes() : openedBytes(records);
            response.putPOJO("Records", new RecordsShape(records, createdSeconds, shard.getIndex()));
        }
        long lastTimestamp = result.lastTimestamp();
        backend.limiter().recordRead(name, shard.getIndex(), bytes);
        backend.usage().recordRead(name, shard.getIndex(), bytes);
        backend.metrics()
                .recordGet(
                        name,
                        shard.getIndex(),
                        result.count(),
                        bytes,
                        lastTimestamp < 0 ? 0 : backend.now() - lastTimestamp);
        boolean drainedClosedShard = endOffset >= 0 && result.nextOffset() >= endOffset;
        if (drainedClosedShard) {
            response.set("ChildShards", StreamShapes.childShards(stream, shard));
        } else {
            response.put(
                    "NextShardIterator",
                    iterator.advancedTo(result.nextOffset(), backend.now()).encode(backend.signer()));
        }
        long behind = millisBehind(result, lastTimestamp);
        response.put("MillisBehindLatest", behind);
        getRecordsFigures(name, result.count(), bytes, lastTimestamp, request);
        return response;
    }

    /** Keys and values of records some of which were decrypted: the data as put, not as stored. */
    private static long openedBytes(List<ConsumerRecord<ByteBuffer, ByteBuffer>> records) {
        long bytes = 0;
        for (ConsumerRecord<ByteBuffer, ByteBuffer> record : records) {
            bytes += RecordsShape.length(record.value()) + RecordsShape.length(record.key());
        }
        return bytes;
    }

    /**
     * 0 only when the answer reached the shard's tip: clients (the KCL, the bench's readers) stop or idle on an
     * empty answer with MillisBehindLatest 0, so one that found nothing in time but has records ahead (a slow first
     * fetch) reports the age of the last record read before it, or at least 1 ms.
     */
    private long millisBehind(ShardReaderPool.ReadResult result, long lastTimestamp) {
        if (result.caughtUp()) {
            return 0;
        }
        long reference = lastTimestamp >= 0 ? lastTimestamp : result.earlierTimestamp();
        if (reference < 0) {
            return result.count() == 0 ? 1 : 0;
        }
        long behind = Math.max(0, backend.now() - reference);
        return result.count() == 0 ? Math.max(1, behind) : behind;
    }

    /** AWS's GetRecords figures, one sample per successful call; the iterator age of the last record returned. */
    private void getRecordsFigures(String stream, int records, long bytes, long lastTimestamp, AwsRequest request) {
        StreamFigures figures = backend.figures();
        long now = backend.now();
        figures.add(stream, StreamFigure.GET_RECORDS_SUCCESS, 1);
        figures.add(stream, StreamFigure.GET_RECORDS_RECORDS, records);
        figures.add(stream, StreamFigure.GET_RECORDS_BYTES, bytes);
        figures.add(
                stream,
                StreamFigure.GET_RECORDS_LATENCY,
                Math.max(0, now - request.receivedAt().toEpochMilli()));
        figures.add(stream, StreamFigure.READ_THROUGHPUT_EXCEEDED, 0);
        figures.add(
                stream,
                StreamFigure.GET_RECORDS_ITERATOR_AGE,
                lastTimestamp < 0 ? 0 : Math.max(0, now - lastTimestamp));
    }

    /**
     * A shard GetShardIterator may read: a closed shard whose data has all expired is gone, as from ListShards and
     * DescribeStream, and AWS answers ResourceNotFoundException for it as for a shard that never existed.
     */
    private ShardMetadata shard(StreamMetadata stream, String shardId) {
        int index = ShardId.parse(shardId);
        long now = backend.now();
        return Shards.find(stream, index)
                .filter(shard -> ShardFilter.NONE.keeps(stream, shard, now))
                .orElseThrow(() -> shardNotFound(stream, shardId));
    }

    private ApiException shardNotFound(StreamMetadata stream, String shardId) {
        return KinesisErrors.resourceNotFound("Shard " + ShardId.canonical(shardId) + " in stream " + stream.getName()
                + " under account " + backend.accountId() + " does not exist");
    }

    /** The offset of the first record at {@code timestamp}, or the log's end when {@code timestamp} is null. */
    private long offsetAt(StreamMetadata stream, ShardMetadata shard, Long timestamp) throws InterruptedException {
        try {
            return (timestamp == null
                            ? backend.topics().endOffset(stream.getTopic(), shard.getIndex())
                            : backend.topics().offsetAtTime(stream.getTopic(), shard.getIndex(), timestamp))
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw ApiException.serviceUnavailable("Kafka did not answer in time for shard "
                    + ShardId.format(shard.getIndex()) + ": " + e.getMessage());
        }
    }
}

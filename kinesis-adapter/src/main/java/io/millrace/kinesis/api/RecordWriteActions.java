package io.millrace.kinesis.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.kafka.BatchAcks;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.Fields;
import io.millrace.gateway.protocol.Validation;
import io.millrace.gateway.protocol.WireCodec;
import io.millrace.kinesis.errors.KinesisErrors;
import io.millrace.kinesis.lifecycle.ReshardTiming;
import io.millrace.kinesis.metrics.StreamFigure;
import io.millrace.kinesis.metrics.StreamFigures;
import io.millrace.kinesis.model.SequenceNumber;
import io.millrace.kinesis.model.ShardId;
import io.millrace.kinesis.model.Shards;
import io.millrace.kinesis.model.routing.HashKey;
import io.millrace.kinesis.model.sse.KeyException;
import io.millrace.kinesis.model.sse.StreamCipher;
import io.millrace.kinesis.storage.RecordWriter;
import io.millrace.schemas.kinesis.ShardMetadata;
import io.millrace.schemas.kinesis.StreamMetadata;
import io.millrace.schemas.kinesis.StreamStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** PutRecord and PutRecords: route by hash key, check the shard's write quota, append to Kafka, answer on ack. */
final class RecordWriteActions {

    private static final Logger LOG = LoggerFactory.getLogger(RecordWriteActions.class);
    /** Largest Data member the API accepts at all (Data shape, 10 MiB); the stream's own limit is checked next. */
    private static final int MAX_DATA_BYTES = 10 * 1024 * 1024;
    /**
     * PutRecords: at most 500 records (PutRecordsRequestEntryList) and, per the API reference, "up to a limit of
     * 10 MiB for the entire request, including partition keys" (so a stream raised to 10 MiB records by
     * UpdateMaxRecordSize takes one through PutRecords too).
     */
    private static final int MAX_BATCH_RECORDS = 500;

    private static final long MAX_BATCH_BYTES = 10L * 1024 * 1024;
    /** How long a put that Kafka acknowledged late waits for its closing shard's end offset before giving up. */
    private static final long CLOSE_WAIT_MILLIS = 30_000;
    /**
     * A record routed to a closing parent landed before the parent's end if it was acknowledged sooner than this
     * after a lease whose view had no reshard in progress: the closing mark was written after that lease, and the
     * gateway that closes the parent waits CUTOVER_DELAY + CLOSE_GRACE after seeing the mark (its monotonic clock),
     * less a margin.
     */
    private static final long OPEN_VIEW_WINDOW_NANOS = ReshardTiming.CUTOVER_DELAY
            .plus(ReshardTiming.CLOSE_GRACE)
            .minusMillis(250)
            .toNanos();

    private static final long CLOSE_POLL_MILLIS = 200;

    /** By stream name: the latest lease (nano time) whose view showed the stream with no reshard in progress. */
    private final Map<String, Long> openViewLeases = new ConcurrentHashMap<>();

    private final KinesisBackend backend;
    private final StreamLookup lookup;

    RecordWriteActions(KinesisBackend backend, StreamLookup lookup) {
        this.backend = backend;
        this.lookup = lookup;
    }

    /** One validated record, ready to route; {@code key} is the partition key in UTF-8, its Kafka key. */
    private record Entry(String partitionKey, byte[] key, byte[] data, String explicitHashKey) {
        Entry(String partitionKey, byte[] data, String explicitHashKey) {
            this(partitionKey, partitionKey.getBytes(StandardCharsets.UTF_8), data, explicitHashKey);
        }

        int size() {
            return data.length + key.length;
        }
    }

    CompletableFuture<JsonNode> putRecord(AwsRequest request) {
        JsonNode body = request.body();
        Validation validation = new Validation();
        String name = StreamLookup.streamName(body, validation, false);
        Entry entry = readEntry(body, "", validation);
        String ordering = Fields.text(body, "SequenceNumberForOrdering");
        validation.pattern("sequenceNumberForOrdering", ordering, KinesisMembers.SEQUENCE_DIGITS);
        validation.throwIfInvalid();
        if (name == null) {
            throw KinesisErrors.invalidArgument("Either StreamName or StreamARN should be provided.");
        }
        long lease = lease();
        StreamMetadata stream = lookup.requireReadable(name);
        noteOpenView(stream, lease);
        checkRecordSize(stream, entry, "data", validation);
        validation.throwIfInvalid();
        ShardMetadata shard = route(stream, entry);
        if (!backend.limiter().tryWrite(name, shard.getIndex(), entry.size())) {
            backend.metrics().recordWriteThrottled(name, shard.getIndex());
            backend.figures().add(stream.getName(), StreamFigure.WRITE_THROUGHPUT_EXCEEDED, 1);
            backend.figures().add(stream.getName(), StreamFigure.PUT_RECORD_SUCCESS, 0);
            throw KinesisErrors.throughputExceeded(rateExceeded(stream, shard));
        }
        Stored stored = store(stream, shard, entry);
        // SequenceNumberForOrdering needs no work: one partition is written in order by one idempotent producer.
        return append(stream, shard, entry, stored, request, lease)
                .whenComplete((metadata, error) -> putRecordFigures(stream.getName(), entry, request, error == null))
                .thenApply(metadata -> {
                    ObjectNode response = WireCodec.object();
                    response.put("ShardId", ShardId.format(shard.getIndex()));
                    response.put("SequenceNumber", sequence(shard, metadata));
                    encryptionType(response, stream);
                    return response;
                });
    }

    CompletableFuture<JsonNode> putRecords(AwsRequest request) {
        JsonNode body = request.body();
        Validation validation = new Validation();
        String name = StreamLookup.streamName(body, validation, false);
        JsonNode records = Fields.array(body, "Records");
        validation.required("records", records);
        Entry[] entries = new Entry[records == null ? 0 : records.size()];
        if (records != null) {
            validation.size("records", records.size(), 1, MAX_BATCH_RECORDS, records.size() + " records");
            if (records.size() <= MAX_BATCH_RECORDS) {
                for (int i = 0; i < records.size(); i++) {
                    JsonNode record = records.get(i);
                    if (!record.isObject()) {
                        throw ApiException.serialization("Each member of Records must be a structure");
                    }
                    entries[i] = readEntry(record, "records." + (i + 1) + ".member.", validation);
                }
            }
        }
        validation.throwIfInvalid();
        if (name == null) {
            throw KinesisErrors.invalidArgument("Either StreamName or StreamARN should be provided.");
        }
        long total = 0;
        for (Entry entry : entries) {
            total += entry.size();
        }
        if (total > MAX_BATCH_BYTES) {
            throw KinesisErrors.invalidArgument("Records size exceeds 10 MiB limit");
        }
        long lease = lease();
        StreamMetadata stream = lookup.requireReadable(name);
        noteOpenView(stream, lease);
        for (int i = 0; i < entries.length; i++) {
            checkRecordSize(stream, entries[i], "records." + (i + 1) + ".member.data", validation);
        }
        validation.throwIfInvalid();

        // Routed and sealed before anything is written: a KMS key that cannot be used fails the whole call.
        ShardMetadata[] shards = new ShardMetadata[entries.length];
        Stored[] stored = new Stored[entries.length];
        for (int i = 0; i < entries.length; i++) {
            shards[i] = route(stream, entries[i]);
            stored[i] = store(stream, shards[i], entries[i]);
        }
        // Throttled entries get their error now and are not sent; the others go to Kafka together, in order.
        ObjectNode[] results = new ObjectNode[entries.length];
        int[] sent = new int[entries.length];
        List<RecordWriter.Append> appends = new ArrayList<>(entries.length);
        for (int i = 0; i < entries.length; i++) {
            Entry entry = entries[i];
            ShardMetadata shard = shards[i];
            ObjectNode result = WireCodec.object();
            results[i] = result;
            if (!backend.limiter().tryWrite(name, shard.getIndex(), entry.size())) {
                backend.metrics().recordWriteThrottled(name, shard.getIndex());
                result.put("ErrorCode", "ProvisionedThroughputExceededException");
                result.put("ErrorMessage", rateExceeded(stream, shard));
                continue;
            }
            countWrite(stream, shard, entry);
            sent[appends.size()] = i;
            appends.add(new RecordWriter.Append(
                    shard.getIndex(), stored[i].key(), stored[i].value(), stored[i].sseHeader()));
        }
        return backend.writer()
                .appendAll(stream.getTopic(), request.receivedAt().toEpochMilli(), appends)
                .thenCompose(acks -> confirmAll(stream, shards, sent, acks, lease))
                .thenApply(outcomes -> {
                    for (int k = 0; k < outcomes.length; k++) {
                        int i = sent[k];
                        ShardMetadata shard = shards[i];
                        ObjectNode result = results[i];
                        if (outcomes[k] instanceof RecordMetadata metadata) {
                            backend.metrics().recordPut(stream.getName(), shard.getIndex(), entries[i].size());
                            result.put("SequenceNumber", sequence(shard, metadata));
                            result.put("ShardId", ShardId.format(shard.getIndex()));
                        } else {
                            LOG.warn(
                                    "PutRecords entry to stream {} shard {} failed: {}",
                                    name,
                                    shard.getIndex(),
                                    String.valueOf(outcomes[k]));
                            result.put("ErrorCode", "InternalFailure");
                            // The API reference gives this exact message for the InternalFailure error code.
                            result.put("ErrorMessage", "Internal Service Failure");
                        }
                    }
                    return putRecordsResponse(request, stream, entries, results);
                });
    }

    private ObjectNode putRecordsResponse(
            AwsRequest request, StreamMetadata stream, Entry[] entries, ObjectNode[] results) {
        ObjectNode response = WireCodec.object();
        int failed = 0;
        int throttled = 0;
        long bytes = 0;
        ArrayNode list = response.putArray("Records");
        for (int i = 0; i < results.length; i++) {
            ObjectNode result = results[i];
            if (result.has("ErrorCode")) {
                failed++;
                if (!"InternalFailure".equals(result.get("ErrorCode").asText())) {
                    throttled++;
                }
            } else {
                bytes += entries[i].size();
            }
            list.add(result);
        }
        response.put("FailedRecordCount", failed);
        putRecordsFigures(stream.getName(), entries.length, failed, throttled, bytes, request);
        encryptionType(response, stream);
        return response;
    }

    /**
     * Each sent record's outcome, by position in {@code sent}: its metadata once confirmed (see {@link #confirm}),
     * or the error that failed it. Acknowledged within the safe window, as nearly always, the whole batch is
     * confirmed at once; past it, one metadata sync serves the check of every record against its shard's end.
     */
    private CompletableFuture<Object[]> confirmAll(
            StreamMetadata stream, ShardMetadata[] shards, int[] sent, BatchAcks acks, long lease) {
        Object[] outcomes = new Object[acks.size()];
        boolean safe = true;
        for (int k = 0; k < outcomes.length; k++) {
            outcomes[k] = acks.metadata(k) != null ? acks.metadata(k) : acks.error(k);
            safe &= !(outcomes[k] instanceof RecordMetadata) || landedBeforeAnyEnd(stream, shards[sent[k]], lease);
        }
        if (safe) {
            return CompletableFuture.completedFuture(outcomes);
        }
        long giveUpAtMillis = System.currentTimeMillis() + CLOSE_WAIT_MILLIS;
        return backend.metadata().sync().thenCompose(synced -> {
            List<CompletableFuture<?>> checks = new ArrayList<>();
            for (int k = 0; k < outcomes.length; k++) {
                if (outcomes[k] instanceof RecordMetadata metadata) {
                    int at = k;
                    checks.add(checkAgainstEnd(stream, shards[sent[k]], metadata, giveUpAtMillis)
                            .handle((confirmed, error) -> outcomes[at] = error == null ? confirmed : error));
                }
            }
            return CompletableFuture.allOf(checks.toArray(CompletableFuture<?>[]::new))
                    .thenApply(ignored -> outcomes);
        });
    }

    /** AWS's PutRecord figures: Success is 1 or 0 per call, so its Average is the share that succeeded. */
    private void putRecordFigures(String stream, Entry entry, AwsRequest request, boolean succeeded) {
        StreamFigures figures = backend.figures();
        figures.add(stream, StreamFigure.PUT_RECORD_SUCCESS, succeeded ? 1 : 0);
        if (succeeded) {
            figures.add(stream, StreamFigure.PUT_RECORD_BYTES, entry.size());
            figures.add(stream, StreamFigure.PUT_RECORD_LATENCY, latencyMillis(request));
            figures.add(stream, StreamFigure.INCOMING_BYTES, entry.size());
            figures.add(stream, StreamFigure.INCOMING_RECORDS, 1);
            figures.add(stream, StreamFigure.WRITE_THROUGHPUT_EXCEEDED, 0);
        }
    }

    /**
     * AWS's PutRecords figures, one sample per call: records in all, succeeded, failed (InternalFailure) and
     * throttled; Success counts a call with at least one record written.
     */
    private void putRecordsFigures(
            String stream, int total, int failed, int throttled, long bytes, AwsRequest request) {
        StreamFigures figures = backend.figures();
        int succeeded = total - failed;
        figures.add(stream, StreamFigure.PUT_RECORDS_TOTAL_RECORDS, total);
        figures.add(stream, StreamFigure.PUT_RECORDS_SUCCESSFUL_RECORDS, succeeded);
        figures.add(stream, StreamFigure.PUT_RECORDS_RECORDS, succeeded);
        figures.add(stream, StreamFigure.PUT_RECORDS_FAILED_RECORDS, failed - throttled);
        figures.add(stream, StreamFigure.PUT_RECORDS_THROTTLED_RECORDS, throttled);
        figures.add(stream, StreamFigure.WRITE_THROUGHPUT_EXCEEDED, throttled);
        figures.add(stream, StreamFigure.PUT_RECORDS_SUCCESS, succeeded > 0 ? 1 : 0);
        figures.add(stream, StreamFigure.PUT_RECORDS_LATENCY, latencyMillis(request));
        if (succeeded > 0) {
            figures.add(stream, StreamFigure.PUT_RECORDS_BYTES, bytes);
            figures.add(stream, StreamFigure.INCOMING_BYTES, bytes);
            figures.add(stream, StreamFigure.INCOMING_RECORDS, succeeded);
        }
    }

    private double latencyMillis(AwsRequest request) {
        return Math.max(0, backend.now() - request.receivedAt().toEpochMilli());
    }

    private Entry readEntry(JsonNode node, String prefix, Validation validation) {
        byte[] data = Fields.blob(node, "Data");
        String partitionKey = Fields.text(node, "PartitionKey");
        String explicit = Fields.text(node, "ExplicitHashKey");
        validation
                .required(prefix + "data", data)
                .blobLength(prefix + "data", data, MAX_DATA_BYTES)
                .required(prefix + "partitionKey", partitionKey)
                .length(prefix + "partitionKey", partitionKey, 1, 256)
                .pattern(prefix + "explicitHashKey", explicit, KinesisMembers.HASH_KEY_DIGITS);
        return new Entry(partitionKey == null ? "" : partitionKey, data == null ? new byte[0] : data, explicit);
    }

    /** A record (data plus partition key) may not exceed the stream's maximum record size, 1 MiB by default. */
    private static void checkRecordSize(StreamMetadata stream, Entry entry, String path, Validation validation) {
        validation.blobSize(path, entry.size(), stream.getMaxRecordSizeKiB() * 1024L);
    }

    private ShardMetadata route(StreamMetadata stream, Entry entry) {
        HashKey key;
        if (entry.explicitHashKey() != null) {
            key = HashKey.parseDecimal(entry.explicitHashKey());
            if (key == null) {
                throw KinesisErrors.invalidArgument("Invalid ExplicitHashKey. ExplicitHashKey must be in the range:"
                        + " [0, 2^128-1]. Specified value was " + entry.explicitHashKey());
            }
        } else {
            key = HashKey.ofPartitionKey(entry.key());
        }
        int index =
                backend.routers().routerFor(stream, System.currentTimeMillis()).route(key);
        if (index < 0) {
            throw ApiException.internalFailure("No open shard owns hash key " + key.toDecimal());
        }
        return Shards.find(stream, index).orElseThrow();
    }

    /**
     * The routing lease (see {@link ReshardTiming}): records are routed only with a view of the shard map that
     * held every metadata change made before the returned instant, and that instant is under a lease old.
     */
    private long lease() {
        try {
            return backend.metadata().freshView(ReshardTiming.ROUTING_LEASE).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.serviceUnavailable("Interrupted while refreshing stream metadata.");
        } catch (ExecutionException | TimeoutException e) {
            throw ApiException.serviceUnavailable("Stream metadata could not be refreshed from Kafka; retry.");
        }
    }

    /** The Kafka key, value and encryption header of a record: sealed when the stream is encrypted. */
    private record Stored(byte[] key, byte[] value, byte[] sseHeader) {}

    private Stored store(StreamMetadata stream, ShardMetadata shard, Entry entry) {
        byte[] key = entry.key();
        if (!EncryptionActions.encrypted(stream)) {
            return new Stored(key, entry.data(), null);
        }
        try {
            StreamCipher.Sealed sealed = backend.requireCipher()
                    .seal(stream.getKeyId(), stream.getTopic(), shard.getIndex(), key, entry.data());
            return new Stored(key, sealed.value(), sealed.header());
        } catch (KeyException e) {
            throw KinesisErrors.kms(e);
        }
    }

    /** An admitted record, for the other gateways' budgets and for on-demand scaling. */
    private void countWrite(StreamMetadata stream, ShardMetadata shard, Entry entry) {
        if (backend.usage().counts(stream.getMode() == io.millrace.schemas.kinesis.StreamMode.ON_DEMAND)) {
            backend.usage().recordWrite(stream.getName(), shard.getIndex(), entry.size());
        }
    }

    /** PutRecord's and PutRecords' EncryptionType: KMS when the records were stored encrypted (API reference). */
    private static void encryptionType(ObjectNode response, StreamMetadata stream) {
        if (EncryptionActions.encrypted(stream)) {
            response.put("EncryptionType", EncryptionActions.KMS);
        }
    }

    private CompletableFuture<RecordMetadata> append(
            StreamMetadata stream, ShardMetadata shard, Entry entry, Stored stored, AwsRequest request, long lease) {
        countWrite(stream, shard, entry);
        return backend.writer()
                .append(
                        stream.getTopic(),
                        shard.getIndex(),
                        request.receivedAt().toEpochMilli(),
                        stored.key(),
                        stored.value(),
                        stored.sseHeader())
                .thenCompose(metadata -> confirm(stream, shard, metadata, lease))
                .whenComplete((metadata, error) -> {
                    if (error == null) {
                        backend.metrics().recordPut(stream.getName(), shard.getIndex(), entry.size());
                    }
                });
    }

    /**
     * A record acknowledged by Kafka long after its lease may have been routed to a shard that a reshard was
     * closing meanwhile. It is readable, so acknowledged, only if it lies below the shard's end offset; while that
     * end is not fixed yet the answer waits for it. A record past the end is refused (the writer retries): no
     * reader would ever see it, so the retry cannot duplicate it. The common case, an acknowledgement within the
     * safe window, needs no check.
     */
    private CompletableFuture<RecordMetadata> confirm(
            StreamMetadata stream, ShardMetadata shard, RecordMetadata metadata, long lease) {
        if (landedBeforeAnyEnd(stream, shard, lease)) {
            return CompletableFuture.completedFuture(metadata);
        }
        return confirmAgainstEnd(stream, shard, metadata, System.currentTimeMillis() + CLOSE_WAIT_MILLIS);
    }

    /**
     * Whether a record acknowledged now certainly landed before any end offset of the shard it was routed to, by
     * this gateway's monotonic clock alone, so that it needs no check against that end. Acknowledged within the safe
     * window after its lease, on a shard that was not closing when the record was routed: a closing mark written
     * after the lease is followed by the close {@link ReshardTiming#CUTOVER_DELAY} plus
     * {@link ReshardTiming#CLOSE_GRACE} later at the earliest, by the closing gateway's monotonic clock. On a
     * closing parent (routed there because this gateway's wall clock was still before the cutover), only if it is
     * acknowledged within {@link #OPEN_VIEW_WINDOW_NANOS} of a lease that saw no reshard in progress; otherwise it
     * is checked against the parent's end. The wall clock alone would not do: a gateway whose clock is seconds
     * behind the one that closes the parent would route records there after its end is fixed and acknowledge
     * records no reader finds.
     */
    private boolean landedBeforeAnyEnd(StreamMetadata stream, ShardMetadata routedTo, long lease) {
        long now = System.nanoTime();
        if (now - lease >= ReshardTiming.SAFE_ACK_WINDOW.toNanos()) {
            return false;
        }
        if (Shards.isCurrent(routedTo)) {
            return true;
        }
        Long open = openViewLeases.get(stream.getName());
        return open != null && now - open < OPEN_VIEW_WINDOW_NANOS;
    }

    /**
     * Remembers a lease whose view shows no reshard in progress (a closing mark comes with UPDATING, in the same
     * write): every mark this gateway sees later was written after it.
     */
    private void noteOpenView(StreamMetadata stream, long lease) {
        if (stream.getStatus() == StreamStatus.UPDATING) {
            return;
        }
        Long known = openViewLeases.get(stream.getName());
        if (known == null || lease - known > 0) {
            openViewLeases.put(stream.getName(), lease);
        }
    }

    private CompletableFuture<RecordMetadata> confirmAgainstEnd(
            StreamMetadata stream, ShardMetadata shard, RecordMetadata metadata, long giveUpAtMillis) {
        return backend.metadata()
                .sync()
                .thenCompose(ignored -> checkAgainstEnd(stream, shard, metadata, giveUpAtMillis));
    }

    /** The check of {@link #confirmAgainstEnd} on the metadata as last synced; waits and syncs again while open. */
    private CompletableFuture<RecordMetadata> checkAgainstEnd(
            StreamMetadata stream, ShardMetadata shard, RecordMetadata metadata, long giveUpAtMillis) {
        ShardMetadata now = backend.metadata().stream(stream.getName())
                .filter(s -> s.getIncarnation().equals(stream.getIncarnation()))
                .flatMap(s -> Shards.find(s, shard.getIndex()))
                .orElse(null);
        if (now != null && Shards.isCurrent(now)) {
            return CompletableFuture.completedFuture(metadata);
        }
        if (now != null && now.getEndOffset() != null) {
            if (metadata.offset() < now.getEndOffset()) {
                return CompletableFuture.completedFuture(metadata);
            }
            return CompletableFuture.failedFuture(resharded(stream, shard));
        }
        if (now == null || System.currentTimeMillis() >= giveUpAtMillis) {
            return CompletableFuture.failedFuture(resharded(stream, shard));
        }
        return CompletableFuture.supplyAsync(
                        () -> null, CompletableFuture.delayedExecutor(CLOSE_POLL_MILLIS, TimeUnit.MILLISECONDS))
                .thenCompose(next -> confirmAgainstEnd(stream, shard, metadata, giveUpAtMillis));
    }

    private static ApiException resharded(StreamMetadata stream, ShardMetadata shard) {
        return ApiException.internalFailure("Shard " + ShardId.format(shard.getIndex()) + " of stream "
                + stream.getName() + " was resharded while the record was in flight; retry it.");
    }

    private static String sequence(ShardMetadata shard, RecordMetadata metadata) {
        return SequenceNumber.format(
                Shards.createdSeconds(shard), shard.getIndex(), metadata.offset(), metadata.timestamp() / 1000);
    }

    private String rateExceeded(StreamMetadata stream, ShardMetadata shard) {
        return "Rate exceeded for shard " + ShardId.format(shard.getIndex()) + " in stream " + stream.getName()
                + " under account " + backend.accountId() + ".";
    }
}

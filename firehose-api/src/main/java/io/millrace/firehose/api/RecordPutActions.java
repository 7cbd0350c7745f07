package io.millrace.firehose.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.firehose.errors.FirehoseErrors;
import io.millrace.firehose.metrics.DeliveryStreamFigure;
import io.millrace.firehose.metrics.DeliveryStreamFigures;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.Fields;
import io.millrace.gateway.protocol.Validation;
import io.millrace.gateway.protocol.WireCodec;
import io.millrace.schemas.firehose.DeliveryStreamMetadata;
import io.millrace.schemas.firehose.DeliveryStreamStatus;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.IntSupplier;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;

/** PutRecord and PutRecordBatch into a DirectPut delivery stream's topic. */
final class RecordPutActions {

    /** A record's Data is at most 1,000 KiB before base64 (botocore model: Data max 1,024,000). */
    static final int MAX_RECORD_BYTES = 1_024_000;
    /** PutRecordBatch: at most 500 records and 4 MiB for the whole request (AWS Firehose quotas). */
    static final int MAX_BATCH_RECORDS = 500;

    static final long MAX_BATCH_BYTES = 4L * 1024 * 1024;

    private final DeliveryStreamStore store;
    private final DirectPutWriter writer;
    private final StreamEncryption encryption;
    private final CustomerKeyStatus keyStatus;
    private final DeliveryStreamFigures figures;

    RecordPutActions(
            DeliveryStreamStore store,
            DirectPutWriter writer,
            StreamEncryption encryption,
            CustomerKeyStatus keyStatus,
            DeliveryStreamFigures figures) {
        this.store = store;
        this.writer = writer;
        this.encryption = encryption;
        this.keyStatus = keyStatus;
        this.figures = figures;
    }

    CompletionStage<JsonNode> putRecord(AwsRequest request) {
        JsonNode body = request.body();
        String name = Fields.text(body, "DeliveryStreamName");
        JsonNode record = Fields.object(body, "Record");
        byte[] data = record == null ? null : Fields.blob(record, "Data");
        Validation validation = DeliveryStreams.checkName(new Validation(), "deliveryStreamName", name)
                .required("record", record);
        if (record != null) {
            validation.required("record.data", data).blobLength("record.data", data, MAX_RECORD_BYTES);
        }
        validation.throwIfInvalid();
        DeliveryStreamMetadata stream = writable(request, name);
        StreamEncryption.Sealed sealed = sealAll(stream, List.of(data)).get(0);
        return writer.append(
                        stream.getSourceTopic(),
                        sealed.partition(),
                        sealed.value(),
                        request.receivedAt().toEpochMilli(),
                        sealed.headers())
                .handle((metadata, error) -> {
                    figures.add(name, DeliveryStreamFigure.PUT_RECORD_REQUESTS, 1);
                    figures.add(name, DeliveryStreamFigure.PUT_RECORD_LATENCY, millisSince(request));
                    if (error != null) {
                        figures.add(name, DeliveryStreamFigure.THROTTLED_RECORDS, 1);
                        throw FirehoseErrors.serviceUnavailable(
                                "Slow down: the record was not" + " stored (" + error.getMessage() + ").");
                    }
                    figures.add(name, DeliveryStreamFigure.PUT_RECORD_BYTES, data.length);
                    ingested(name, 1, data.length);
                    ObjectNode response = WireCodec.object();
                    response.put("RecordId", recordId(stream, metadata));
                    response.put("Encrypted", sealed.encrypted());
                    return response;
                });
    }

    CompletionStage<JsonNode> putRecordBatch(AwsRequest request) {
        // Over the network the body was read in one pass (RecordBatch.READER); an in-process call carries a tree.
        RecordBatch batch = request.decoded() instanceof RecordBatch read ? read : RecordBatch.of(request.body());
        String name = batch.name();
        Validation validation = DeliveryStreams.checkName(new Validation(), "deliveryStreamName", name)
                .required("records", batch.hasRecords() ? batch : null);
        List<byte[]> blobs = new ArrayList<>(batch.size());
        long total = 0;
        if (batch.hasRecords()) {
            validation.size("records", batch.size(), 1, MAX_BATCH_RECORDS, "[" + batch.size() + " records]");
            for (int i = 0; i < batch.size(); i++) {
                byte[] data = batch.data(i);
                String at = "records." + (i + 1) + ".member.data";
                validation.required(at, data).blobLength(at, data, MAX_RECORD_BYTES);
                if (data != null) {
                    total += data.length;
                }
                blobs.add(data);
            }
        }
        validation.throwIfInvalid();
        if (total > MAX_BATCH_BYTES) {
            throw FirehoseErrors.invalidArgument("Records size " + total + " bytes exceeds the PutRecordBatch limit of "
                    + MAX_BATCH_BYTES + " bytes (4 MiB).");
        }
        DeliveryStreamMetadata stream = writable(request, name);
        long arrival = request.receivedAt().toEpochMilli();
        boolean encrypted = StreamEncryption.encrypts(stream);
        List<StreamEncryption.Sealed> sealedRecords = sealAll(stream, blobs);
        List<byte[]> values = new ArrayList<>(blobs.size());
        List<Headers> headers = new ArrayList<>(blobs.size());
        for (StreamEncryption.Sealed sealed : sealedRecords) {
            values.add(sealed.value());
            headers.add(sealed.headers());
        }
        // sealAll puts a request's records in one partition when their envelope names it, null otherwise.
        Integer partition =
                sealedRecords.isEmpty() ? null : sealedRecords.get(0).partition();
        return writer.appendAll(stream.getSourceTopic(), partition, values, headers, arrival)
                .thenApply(outcome -> {
                    ArrayNode responses = WireCodec.object().arrayNode(blobs.size());
                    RecordIds ids = new RecordIds(stream);
                    int failed = 0;
                    long storedBytes = 0;
                    for (int i = 0; i < blobs.size(); i++) {
                        ObjectNode entry = responses.addObject();
                        Exception error = outcome.error(i);
                        if (error != null) {
                            failed++;
                            entry.put("ErrorCode", "ServiceUnavailableException");
                            entry.put(
                                    "ErrorMessage",
                                    "Slow down: the record was not stored (" + error.getMessage() + ").");
                        } else {
                            storedBytes += blobs.get(i).length;
                            entry.put("RecordId", ids.of(outcome.metadata(i)));
                        }
                    }
                    batchFigures(request, name, blobs.size() - failed, failed, storedBytes);
                    ObjectNode response = WireCodec.object();
                    response.put("FailedPutCount", failed);
                    response.put("Encrypted", encrypted);
                    response.set("RequestResponses", responses);
                    return response;
                });
    }

    /**
     * The records of one request as they are stored, all in one partition when their envelope must name it. AWS
     * fails the whole request with InvalidKMSResourceException when the stream's KMS key refuses (botocore model
     * firehose/2015-08-04, PutRecord and PutRecordBatch).
     */
    private List<StreamEncryption.Sealed> sealAll(DeliveryStreamMetadata stream, List<byte[]> blobs) {
        int[] partition = {-1};
        IntSupplier onePartition = () -> {
            if (partition[0] < 0) {
                partition[0] = writer.anyPartition(stream.getSourceTopic());
            }
            return partition[0];
        };
        List<StreamEncryption.Sealed> sealed = new ArrayList<>(blobs.size());
        try {
            for (byte[] data : blobs) {
                sealed.add(encryption.seal(stream, data, onePartition));
            }
        } catch (StreamEncryption.KeyRefused e) {
            keyStatus.refused(stream, e.failure());
            throw FirehoseErrors.invalidKmsResource(e.getMessage());
        }
        if (!sealed.isEmpty() && sealed.get(0).encrypted()) {
            keyStatus.accepted(stream);
        }
        return sealed;
    }

    /**
     * The figures of one PutRecordBatch: every record the batch stored counts, as AWS's PutRecordBatch.Records and
     * IncomingRecords do; the records refused are ThrottledRecords.
     */
    private void batchFigures(AwsRequest request, String name, int stored, int failed, long storedBytes) {
        figures.add(name, DeliveryStreamFigure.PUT_RECORD_BATCH_REQUESTS, 1);
        figures.add(name, DeliveryStreamFigure.PUT_RECORD_BATCH_LATENCY, millisSince(request));
        figures.add(name, DeliveryStreamFigure.PUT_RECORD_BATCH_RECORDS, stored);
        figures.add(name, DeliveryStreamFigure.PUT_RECORD_BATCH_BYTES, storedBytes);
        if (failed > 0) {
            figures.add(name, DeliveryStreamFigure.THROTTLED_RECORDS, failed);
        }
        ingested(name, stored, storedBytes);
    }

    /** IncomingPutRequests counts requests that stored records; a batch whose records all failed did not. */
    private void ingested(String name, int records, long bytes) {
        if (records > 0) {
            figures.add(name, DeliveryStreamFigure.INCOMING_PUT_REQUESTS, 1);
            figures.add(name, DeliveryStreamFigure.INCOMING_RECORDS, records);
            figures.add(name, DeliveryStreamFigure.INCOMING_BYTES, bytes);
        }
    }

    private static long millisSince(AwsRequest request) {
        return Math.max(0, System.currentTimeMillis() - request.receivedAt().toEpochMilli());
    }

    /** Only an ACTIVE DirectPut stream takes records; a Kinesis-sourced one reads its stream instead. */
    private DeliveryStreamMetadata writable(AwsRequest request, String name) {
        DeliveryStreamMetadata stream = DeliveryStreams.require(store, request, name);
        if (!"DirectPut".equals(stream.getDeliveryStreamType())) {
            throw FirehoseErrors.invalidArgument(
                    "This operation is not permitted on " + stream.getDeliveryStreamType() + " delivery stream type.");
        }
        if (stream.getStatus() != DeliveryStreamStatus.ACTIVE) {
            throw FirehoseErrors.resourceNotFound("Firehose " + name + " under account " + request.accountId()
                    + " is not ACTIVE (" + stream.getStatus() + ").");
        }
        return stream;
    }

    /**
     * An opaque id that names where the record is: the stream incarnation, partition and offset, so an operator can
     * find a record AWS-style ids would only identify.
     */
    static String recordId(DeliveryStreamMetadata stream, RecordMetadata metadata) {
        return new RecordIds(stream).of(metadata);
    }

    /** The record ids of one stream: its incarnation prefix is made once per batch, not once per record. */
    private static final class RecordIds {
        private static final HexFormat HEX = HexFormat.of();
        private final String prefix;

        RecordIds(DeliveryStreamMetadata stream) {
            this.prefix = stream.getIncarnation().replace("-", "");
        }

        /** The prefix, then the partition in 8 and the offset in 16 lower-case hex digits. */
        String of(RecordMetadata metadata) {
            return prefix + HEX.toHexDigits(metadata.partition()) + HEX.toHexDigits(metadata.offset());
        }
    }
}

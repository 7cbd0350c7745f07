package io.millrace.firehose.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.AwsService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The Firehose API ({@code Firehose_20150804}, JSON 1.1, signing name {@code firehose}) on the gateway. */
final class FirehoseApi implements AwsService {

    static final String TARGET_PREFIX = "Firehose_20150804";

    private final DeliveryStreamAdminActions admin;
    private final RecordPutActions puts;
    private final TagActions tags;
    private final DestinationUpdateActions updates;
    private final EncryptionActions encryption;

    FirehoseApi(DeliveryStreamAdminActions admin, RecordPutActions puts, TagActions tags,
            DestinationUpdateActions updates, EncryptionActions encryption) {
        this.admin = admin;
        this.encryption = encryption;
        this.updates = updates;
        this.puts = puts;
        this.tags = tags;
    }

    @Override
    public String targetPrefix() {
        return TARGET_PREFIX;
    }

    @Override
    public CompletionStage<JsonNode> handle(AwsRequest request) {
        try {
            return switch (request.action()) {
                case "CreateDeliveryStream" -> admin.create(request);
                case "DescribeDeliveryStream" -> admin.describe(request);
                case "ListDeliveryStreams" -> CompletableFuture.completedFuture(admin.list(request));
                case "DeleteDeliveryStream" -> admin.delete(request);
                case "UpdateDestination" -> updates.update(request);
                case "PutRecord" -> puts.putRecord(request);
                case "PutRecordBatch" -> puts.putRecordBatch(request);
                case "TagDeliveryStream" -> tags.tag(request);
                case "UntagDeliveryStream" -> tags.untag(request);
                case "StartDeliveryStreamEncryption" -> encryption.start(request);
                case "StopDeliveryStreamEncryption" -> encryption.stop(request);
                case "ListTagsForDeliveryStream" -> CompletableFuture.completedFuture(tags.list(request));
                default -> throw ApiException.unknownOperation("Unknown operation " + TARGET_PREFIX + "."
                        + request.action() + ".");
            };
        } catch (ApiException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}

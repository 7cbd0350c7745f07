package io.millrace.firehose.api;

import io.millrace.gateway.protocol.ActionRegistry;
import java.util.function.Supplier;

/** The Firehose API ({@code Firehose_20150804}, JSON 1.1, signing name {@code firehose}) on the gateway. */
final class FirehoseApi {

    static final String TARGET_PREFIX = "Firehose_20150804";

    private FirehoseApi() {}

    static ActionRegistry actions(
            DeliveryStreamAdminActions admin,
            RecordPutActions puts,
            TagActions tags,
            DestinationUpdateActions updates,
            EncryptionActions encryption,
            Supplier<String> metrics) {
        // Every action answers from this gateway's view of the store or hands its work on: none blocks.
        return ActionRegistry.forService(TARGET_PREFIX, "firehose")
                .access(new FirehoseAccess())
                .startOnIoThread("CreateDeliveryStream", admin::create)
                .startOnIoThread("DescribeDeliveryStream", admin::describe)
                .onIoThread("ListDeliveryStreams", admin::list)
                .startOnIoThread("DeleteDeliveryStream", admin::delete)
                .startOnIoThread("UpdateDestination", updates::update)
                .startOnIoThread("PutRecord", puts::putRecord)
                .startOnIoThread("PutRecordBatch", puts::putRecordBatch)
                .readsBody("PutRecordBatch", RecordBatch.READER)
                .startOnIoThread("TagDeliveryStream", tags::tag)
                .startOnIoThread("UntagDeliveryStream", tags::untag)
                .startOnIoThread("StartDeliveryStreamEncryption", encryption::start)
                .startOnIoThread("StopDeliveryStreamEncryption", encryption::stop)
                .onIoThread("ListTagsForDeliveryStream", tags::list)
                .metrics(metrics)
                .build();
    }
}

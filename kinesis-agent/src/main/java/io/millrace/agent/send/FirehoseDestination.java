package io.millrace.agent.send;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponseEntry;
import software.amazon.awssdk.services.firehose.model.Record;

/** Firehose PutRecordBatch: RequestResponses has an entry per record, in request order, ErrorCode on failed ones. */
public final class FirehoseDestination implements DestinationClient {

    private final FirehoseClient client;
    private final String deliveryStream;

    public FirehoseDestination(FirehoseClient client, String deliveryStream) {
        this.client = client;
        this.deliveryStream = deliveryStream;
    }

    @Override
    public List<String> put(List<OutgoingRecord> records) {
        List<Record> entries = new ArrayList<>(records.size());
        for (OutgoingRecord record : records) {
            entries.add(Record.builder()
                    .data(SdkBytes.fromByteArrayUnsafe(record.data()))
                    .build());
        }
        PutRecordBatchResponse response =
                client.putRecordBatch(b -> b.deliveryStreamName(deliveryStream).records(entries));
        List<String> errors = new ArrayList<>(records.size());
        for (PutRecordBatchResponseEntry result : response.requestResponses()) {
            errors.add(result.errorCode());
        }
        return errors;
    }

    /** A Firehose stream has no read API: what a crash interrupted cannot be told apart, so it is sent again. */
    @Override
    public Set<String> landed(Instant since, Set<String> partitionKeys) {
        return null;
    }

    @Override
    public void close() {
        client.close();
    }
}

package io.millrace.agent.send;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/** Kinesis PutRecords: the response lists a result per record, in request order, ErrorCode set on failed ones. */
public final class KinesisDestination implements DestinationClient {

    private final KinesisClient client;
    private final String stream;

    public KinesisDestination(KinesisClient client, String stream) {
        this.client = client;
        this.stream = stream;
    }

    @Override
    public List<String> put(List<OutgoingRecord> records) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>(records.size());
        for (OutgoingRecord record : records) {
            entries.add(PutRecordsRequestEntry.builder()
                    .data(SdkBytes.fromByteArrayUnsafe(record.data()))
                    .partitionKey(record.partitionKey())
                    .build());
        }
        PutRecordsResponse response =
                client.putRecords(b -> b.streamName(stream).records(entries));
        List<String> errors = new ArrayList<>(records.size());
        for (PutRecordsResultEntry result : response.records()) {
            errors.add(result.errorCode());
        }
        return errors;
    }

    @Override
    public void close() {
        client.close();
    }
}

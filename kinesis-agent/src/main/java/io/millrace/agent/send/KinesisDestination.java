package io.millrace.agent.send;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

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

    /** Reads every shard of the stream from {@code since} (GetShardIterator AT_TIMESTAMP) to its end. */
    @Override
    public Set<String> landed(Instant since, Set<String> partitionKeys) {
        Set<String> found = new HashSet<>();
        for (Shard shard : shards()) {
            String iterator = client.getShardIterator(b -> b.streamName(stream)
                            .shardId(shard.shardId())
                            .shardIteratorType(ShardIteratorType.AT_TIMESTAMP)
                            .timestamp(since))
                    .shardIterator();
            while (iterator != null) {
                String current = iterator;
                GetRecordsResponse response = client.getRecords(b -> b.shardIterator(current));
                for (Record record : response.records()) {
                    if (partitionKeys.contains(record.partitionKey())) {
                        found.add(record.partitionKey());
                    }
                }
                if (response.records().isEmpty() && Long.valueOf(0).equals(response.millisBehindLatest())) {
                    break;
                }
                iterator = response.nextShardIterator();
            }
        }
        return found;
    }

    private List<Shard> shards() {
        List<Shard> shards = new ArrayList<>();
        ListShardsResponse page = client.listShards(b -> b.streamName(stream));
        shards.addAll(page.shards());
        while (page.nextToken() != null) {
            String token = page.nextToken();
            page = client.listShards(b -> b.nextToken(token));
            shards.addAll(page.shards());
        }
        return shards;
    }

    @Override
    public void close() {
        client.close();
    }
}

package io.millrace.dynamodb.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.Shard;

/** A KCL application's lease table, read with the DynamoDB SDK as an operator would read it. */
public final class LeaseTable {

    private LeaseTable() {}

    /** Every lease of the table by its key (a shard id for a single-stream application), read consistently. */
    public static Map<String, Map<String, AttributeValue>> leases(DynamoDbAsyncClient dynamoDb, String table)
            throws Exception {
        Map<String, Map<String, AttributeValue>> leases = new HashMap<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = dynamoDb.scan(
                            r -> r.tableName(table).consistentRead(true).exclusiveStartKey(from))
                    .get(30, TimeUnit.SECONDS);
            page.items().forEach(item -> leases.put(item.get("leaseKey").s(), item));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return leases;
    }

    /**
     * Every shard of the stream has a lease: a closed shard's checkpoint is {@code SHARD_END}, an open shard's the
     * last sequence number written to it, so nothing is left to read and a restart replays nothing.
     */
    public static void assertCheckpointsAtTheEnd(
            KinesisAsyncClient kinesis, DynamoDbAsyncClient dynamoDb, String stream, String table, StreamLedger ledger)
            throws Exception {
        List<Shard> shards = kinesis.listShards(r -> r.streamName(stream))
                .get(30, TimeUnit.SECONDS)
                .shards();
        Map<String, Map<String, AttributeValue>> leases = leases(dynamoDb, table);
        Map<String, BigInteger> last = ledger.lastSequenceNumbers();
        assertThat(leases.keySet())
                .containsAll(shards.stream().map(Shard::shardId).toList());
        for (Shard shard : shards) {
            String checkpoint = leases.get(shard.shardId()).get("checkpoint").s();
            String expected = shard.sequenceNumberRange().endingSequenceNumber() != null
                    ? "SHARD_END"
                    : String.valueOf(last.get(shard.shardId()));
            assertThat(checkpoint).as("checkpoint of %s", shard.shardId()).isEqualTo(expected);
        }
    }
}

package io.millrace.kinesis.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.kinesis.model.ShardId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** What the reshard tests share: waiting for ACTIVE, and reading a whole stream as a lineage-aware reader does. */
final class ReshardSupport {

    /** A record as read back, with the shard it was read from. */
    record ReadRecord(String shardId, String sequenceNumber, String partitionKey, String data) {}

    private ReshardSupport() {}

    static void awaitActive(KinesisClient client, String stream, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            StreamStatus status = client.describeStreamSummary(b -> b.streamName(stream))
                    .streamDescriptionSummary()
                    .streamStatus();
            if (status == StreamStatus.ACTIVE) {
                return;
            }
            assertThat(System.nanoTime())
                    .as("stream %s still %s", stream, status)
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    static List<Shard> shards(KinesisClient client, String stream) {
        List<Shard> shards =
                new ArrayList<>(client.listShards(b -> b.streamName(stream)).shards());
        shards.sort(Comparator.comparingInt(s -> ShardId.parse(s.shardId())));
        return shards;
    }

    /**
     * Every record of the stream, shard by shard in index order: children are numbered after their parents, so
     * this reads each parent to its end before any of its children, as the KCL does. A closed shard is read until
     * GetRecords stops giving a NextShardIterator; an open one until it is caught up.
     */
    static List<ReadRecord> readInLineageOrder(KinesisClient client, String stream) {
        List<ReadRecord> all = new ArrayList<>();
        for (Shard shard : shards(client, stream)) {
            boolean closed = shard.sequenceNumberRange().endingSequenceNumber() != null;
            String iterator = client.getShardIterator(b -> b.streamName(stream)
                            .shardId(shard.shardId())
                            .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                    .shardIterator();
            int emptyPages = 0;
            while (iterator != null) {
                String current = iterator;
                GetRecordsResponse page = client.getRecords(b -> b.shardIterator(current));
                for (Record record : page.records()) {
                    all.add(new ReadRecord(
                            shard.shardId(),
                            record.sequenceNumber(),
                            record.partitionKey(),
                            record.data().asUtf8String()));
                }
                iterator = page.nextShardIterator();
                if (closed && iterator == null) {
                    assertThat(page.childShards())
                            .as("children of closed %s", shard.shardId())
                            .isNotEmpty();
                }
                emptyPages = page.records().isEmpty() ? emptyPages + 1 : 0;
                if (!closed && emptyPages == 2 && page.millisBehindLatest() == 0) {
                    break;
                }
            }
        }
        return all;
    }
}

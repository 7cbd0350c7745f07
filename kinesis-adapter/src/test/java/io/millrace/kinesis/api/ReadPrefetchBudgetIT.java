package io.millrace.kinesis.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.kinesis.config.KinesisConfig;
import io.millrace.kinesis.testkit.TestGateway;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * The smallest prefetch budget (1 MiB: each GetRecords reader fetches 256 KiB at a time) slows reading down but
 * loses nothing: records larger than a fetch come back whole, and the shard is read in order to its end.
 */
class ReadPrefetchBudgetIT {

    @Test
    void aSmallBudgetStillReadsEveryRecordWholeAndInOrder() {
        // Shard limits off: the 2 MB written here would take two seconds of a shard's write quota.
        try (TestGateway gateway = TestGateway.start(Map.of(
                KinesisConfig.READ_PREFETCH_BYTES,
                String.valueOf(1024 * 1024),
                KinesisConfig.SHARD_LIMITS,
                KinesisConfig.LIMITS_OFF))) {
            KinesisClient kinesis = gateway.client(true);
            String stream = "prefetch-" + UUID.randomUUID().toString().substring(0, 8);
            kinesis.createStream(b -> b.streamName(stream).shardCount(1));
            byte[] large = new byte[1024 * 1024 - 16];
            Arrays.fill(large, (byte) 'L');
            kinesis.putRecord(b -> b.streamName(stream).partitionKey("large").data(SdkBytes.fromByteArray(large)));
            List<PutRecordsRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                byte[] data = new byte[10_000];
                Arrays.fill(data, (byte) i);
                entries.add(PutRecordsRequestEntry.builder()
                        .partitionKey("k" + i)
                        .data(SdkBytes.fromByteArray(data))
                        .build());
            }
            assertThat(kinesis.putRecords(b -> b.streamName(stream).records(entries))
                            .failedRecordCount())
                    .isZero();

            String iterator = kinesis.getShardIterator(b -> b.streamName(stream)
                            .shardId("shardId-000000000000")
                            .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                    .shardIterator();
            List<Record> read = new ArrayList<>();
            int calls = 0;
            while (read.size() < 101 && calls++ < 50) {
                String current = iterator;
                GetRecordsResponse response = kinesis.getRecords(b -> b.shardIterator(current));
                read.addAll(response.records());
                iterator = response.nextShardIterator();
            }

            assertThat(read).hasSize(101);
            assertThat(read.get(0).data().asByteArray()).isEqualTo(large);
            for (int i = 0; i < 100; i++) {
                Record record = read.get(i + 1);
                assertThat(record.partitionKey()).isEqualTo("k" + i);
                assertThat(record.data().asByteArray()).hasSize(10_000).containsOnly((byte) i);
            }
        }
    }
}

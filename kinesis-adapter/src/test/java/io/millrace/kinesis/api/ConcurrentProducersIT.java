package io.millrace.kinesis.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.kinesis.testkit.TestGateway;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** Eight producers at once, through both encodings: every acknowledged record is read back once, in key order. */
class ConcurrentProducersIT {

    private static final int PRODUCERS = 8;
    private static final int SINGLE_PUTS = 60;
    private static final int BATCHES = 12;
    private static final int BATCH_SIZE = 20;

    @Test
    void nothingLostNothingDuplicatedOrderKeptPerKey() throws Exception {
        String stream = "concurrent-" + UUID.randomUUID().toString().substring(0, 8);
        KinesisClient admin = TestGateway.shared().client(true);
        admin.createStream(b -> b.streamName(stream).shardCount(4));

        ExecutorService pool = Executors.newFixedThreadPool(PRODUCERS);
        List<Future<Set<String>>> acked = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            int producer = p;
            acked.add(pool.submit(() -> produce(TestGateway.shared().client(producer % 2 == 0), stream, producer)));
        }
        Set<String> acknowledged = new HashSet<>();
        for (Future<Set<String>> future : acked) {
            acknowledged.addAll(future.get());
        }
        pool.shutdown();
        assertThat(acknowledged).hasSize(PRODUCERS * (SINGLE_PUTS + BATCHES * BATCH_SIZE));

        List<String> read = new ArrayList<>();
        for (Shard shard : admin.listShards(b -> b.streamName(stream)).shards()) {
            List<String> shardRecords = readShard(admin, stream, shard.shardId());
            assertKeyOrder(shardRecords);
            read.addAll(shardRecords);
        }
        assertThat(read).doesNotHaveDuplicates();
        assertThat(new HashSet<>(read)).isEqualTo(acknowledged);
        admin.deleteStream(b -> b.streamName(stream));
    }

    /** Writes "producer:key:counter" records; a key's counter grows, so order per key can be checked. */
    private static Set<String> produce(KinesisClient kinesis, String stream, int producer) {
        Set<String> acknowledged = new HashSet<>();
        int counter = 0;
        for (int i = 0; i < SINGLE_PUTS; i++) {
            String data = producer + ":" + (i % 7) + ":" + counter++;
            String key = producer + "-" + (i % 7);
            kinesis.putRecord(b -> b.streamName(stream).partitionKey(key).data(SdkBytes.fromUtf8String(data)));
            acknowledged.add(data);
        }
        for (int batch = 0; batch < BATCHES; batch++) {
            List<PutRecordsRequestEntry> entries = new ArrayList<>();
            List<String> datas = new ArrayList<>();
            for (int i = 0; i < BATCH_SIZE; i++) {
                String data = producer + ":" + (i % 7) + ":" + counter++;
                datas.add(data);
                entries.add(PutRecordsRequestEntry.builder()
                        .partitionKey(producer + "-" + (i % 7))
                        .data(SdkBytes.fromUtf8String(data))
                        .build());
            }
            PutRecordsResponse response =
                    kinesis.putRecords(b -> b.streamName(stream).records(entries));
            assertThat(response.failedRecordCount()).isZero();
            acknowledged.addAll(datas);
        }
        return acknowledged;
    }

    private static List<String> readShard(KinesisClient kinesis, String stream, String shardId) {
        String iterator = kinesis.getShardIterator(
                        b -> b.streamName(stream).shardId(shardId).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        List<String> data = new ArrayList<>();
        while (iterator != null) {
            String current = iterator;
            GetRecordsResponse response =
                    kinesis.getRecords(b -> b.shardIterator(current).limit(500));
            response.records().stream()
                    .map(Record::data)
                    .map(SdkBytes::asUtf8String)
                    .forEach(data::add);
            if (response.records().isEmpty() && response.millisBehindLatest() == 0) {
                break;
            }
            iterator = response.nextShardIterator();
        }
        return data;
    }

    private static void assertKeyOrder(List<String> records) {
        Map<String, Integer> last = new HashMap<>();
        for (String record : records) {
            String[] parts = record.split(":");
            String key = parts[0] + ":" + parts[1];
            int counter = Integer.parseInt(parts[2]);
            Integer previous = last.put(key, counter);
            if (previous != null) {
                assertThat(counter).as("order of key %s", key).isGreaterThan(previous);
            }
        }
    }
}

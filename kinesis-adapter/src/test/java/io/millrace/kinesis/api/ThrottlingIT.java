package io.millrace.kinesis.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.kinesis.testkit.TestGateway;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** AWS's per-shard quotas, enforced by default: writes 1 MiB/s and 1,000 records/s, reads 5 calls/s. */
class ThrottlingIT {

    @Test
    void writesOverOneMebibytePerSecondAreRefusedPerRecord() {
        KinesisClient kinesis = TestGateway.sharedWithLimits().client(true);
        String stream = "throttle-" + UUID.randomUUID().toString().substring(0, 8);
        kinesis.createStream(b -> b.streamName(stream).shardCount(1));
        // 500 records of 10 KB: 5 MB in one call, nearly five times what one shard takes in a second. About 105
        // fit in the one-second burst; refill while the call runs adds about 100 per second of its duration.
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            entries.add(PutRecordsRequestEntry.builder()
                    .partitionKey("k" + i)
                    .data(SdkBytes.fromByteArray(new byte[10_000]))
                    .build());
        }
        PutRecordsResponse response =
                kinesis.putRecords(b -> b.streamName(stream).records(entries));
        List<PutRecordsResultEntry> failed =
                response.records().stream().filter(r -> r.errorCode() != null).toList();
        assertThat(response.failedRecordCount()).isEqualTo(failed.size()).isBetween(250, 400);
        assertThat(failed).allSatisfy(r -> {
            assertThat(r.errorCode()).isEqualTo("ProvisionedThroughputExceededException");
            assertThat(r.errorMessage())
                    .isEqualTo("Rate exceeded for shard shardId-000000000000 in stream " + stream
                            + " under account 000000000000.");
            assertThat(r.sequenceNumber()).isNull();
        });
        assertThat(response.records().get(0).sequenceNumber()).isNotNull();

        assertThatThrownBy(() -> kinesis.putRecord(
                        b -> b.streamName(stream).partitionKey("k").data(SdkBytes.fromByteArray(new byte[900 * 1024]))))
                .isInstanceOf(ProvisionedThroughputExceededException.class)
                .hasMessageContaining("Rate exceeded for shard shardId-000000000000");
        kinesis.deleteStream(b -> b.streamName(stream));
    }

    @Test
    void moreThanFiveGetRecordsCallsPerSecondAreRefused() {
        KinesisClient kinesis = TestGateway.sharedWithLimits().client(false);
        String stream = "throttle-" + UUID.randomUUID().toString().substring(0, 8);
        kinesis.createStream(b -> b.streamName(stream).shardCount(1));
        kinesis.putRecord(b -> b.streamName(stream).partitionKey("k").data(SdkBytes.fromUtf8String("x")));
        String iterator = kinesis.getShardIterator(b -> b.streamName(stream)
                        .shardId("shardId-000000000000")
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        int throttled = 0;
        for (int i = 0; i < 10; i++) {
            try {
                kinesis.getRecords(b -> b.shardIterator(iterator));
            } catch (ProvisionedThroughputExceededException e) {
                assertThat(e.getMessage()).contains("Rate exceeded for Shard - shardId-000000000000");
                throttled++;
            }
        }
        assertThat(throttled).isGreaterThanOrEqualTo(1);
        kinesis.deleteStream(b -> b.streamName(stream));
    }

    @Test
    void limitsOffLetsOneShardTakeMore() {
        KinesisClient kinesis = TestGateway.shared().client(true);
        String stream = "unthrottled-" + UUID.randomUUID().toString().substring(0, 8);
        kinesis.createStream(b -> b.streamName(stream).shardCount(1));
        for (int round = 0; round < 3; round++) {
            List<PutRecordsRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                entries.add(PutRecordsRequestEntry.builder()
                        .partitionKey("k" + i)
                        .data(SdkBytes.fromByteArray(new byte[2560]))
                        .build());
            }
            assertThat(kinesis.putRecords(b -> b.streamName(stream).records(entries))
                            .failedRecordCount())
                    .isZero();
        }
        kinesis.deleteStream(b -> b.streamName(stream));
    }
}

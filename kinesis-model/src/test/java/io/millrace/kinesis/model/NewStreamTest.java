package io.millrace.kinesis.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.kinesis.model.routing.HashKey;
import io.millrace.kinesis.model.routing.HashKeyRange;
import io.millrace.schemas.kinesis.ShardMetadata;
import io.millrace.schemas.kinesis.StreamMetadata;
import io.millrace.schemas.kinesis.StreamMode;
import io.millrace.schemas.kinesis.StreamStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class NewStreamTest {

    @Test
    void aNewStreamIsCreatingWithEvenlySplitOpenShardsAndAwsDefaults() {
        StreamMetadata stream = NewStream.metadata("orders", "inc", "orders", StreamMode.PROVISIONED, 3, 5_000L)
                .build();

        assertThat(stream.getVersion()).isEqualTo(1);
        assertThat(stream.getStatus()).isEqualTo(StreamStatus.CREATING);
        assertThat(stream.getTopic()).isEqualTo("orders");
        assertThat(stream.getRetentionHours()).isEqualTo(24);
        assertThat(stream.getMaxRecordSizeKiB()).isEqualTo(1024);
        assertThat(stream.getCreatedAtMillis()).isEqualTo(5_000L);
        List<HashKeyRange> even = HashKeyRange.evenSplit(3);
        assertThat(stream.getShards()).extracting(ShardMetadata::getIndex).containsExactly(0, 1, 2);
        for (ShardMetadata shard : stream.getShards()) {
            assertThat(Shards.range(shard)).isEqualTo(even.get(shard.getIndex()));
            assertThat(Shards.isCurrent(shard)).isTrue();
            assertThat(shard.getCreatedAtMillis()).isEqualTo(5_000L);
        }
        assertThat(Shards.router(stream, 5_000L).route(HashKey.MAX)).isEqualTo(2);
    }
}

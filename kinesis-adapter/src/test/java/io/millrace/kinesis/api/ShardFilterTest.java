package io.millrace.kinesis.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.gateway.protocol.Validation;
import io.millrace.gateway.protocol.WireFormat;
import io.millrace.schemas.kinesis.ShardMetadata;
import io.millrace.schemas.kinesis.StreamMetadata;
import io.millrace.schemas.kinesis.StreamStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ShardFilter over a stream two days old with 24 h retention: a shard closed 30 h ago has expired. */
class ShardFilterTest {

    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final long NOW = 100 * HOUR;

    private final ShardMetadata expired = shard(0, NOW - 48 * HOUR, NOW - 30 * HOUR);
    private final ShardMetadata closedRecently = shard(1, NOW - 30 * HOUR, NOW - 2 * HOUR);
    private final ShardMetadata open = shard(2, NOW - 2 * HOUR, null);
    private final StreamMetadata stream = StreamMetadata.newBuilder()
            .setName("s")
            .setIncarnation("i")
            .setVersion(3)
            .setStatus(StreamStatus.ACTIVE)
            .setTopic("s")
            .setCreatedAtMillis(NOW - 48 * HOUR)
            .setShards(List.of(expired, closedRecently, open))
            .build();

    @Test
    void expiredShardsDisappearWhateverTheFilter() {
        assertThat(kept(ShardFilter.NONE)).containsExactly(1, 2);
        assertThat(kept(filter("{\"Type\":\"FROM_TRIM_HORIZON\"}"))).containsExactly(1, 2);
        assertThat(kept(filter("{\"Type\":\"AT_TRIM_HORIZON\"}"))).containsExactly(1);
        assertThat(kept(filter("{\"Type\":\"AT_LATEST\"}"))).containsExactly(2);
        assertThat(kept(filter("{\"Type\":\"AFTER_SHARD_ID\",\"ShardId\":\"shardId-000000000000\"}")))
                .containsExactly(1, 2);
        double threeHoursAgo = (NOW - 3 * HOUR) / 1000.0;
        assertThat(kept(filter("{\"Type\":\"AT_TIMESTAMP\",\"Timestamp\":" + threeHoursAgo + "}")))
                .containsExactly(1);
        assertThat(kept(filter("{\"Type\":\"FROM_TIMESTAMP\",\"Timestamp\":" + threeHoursAgo + "}")))
                .containsExactly(1, 2);
        // A timestamp before the trim horizon is corrected to it.
        assertThat(kept(filter("{\"Type\":\"FROM_TIMESTAMP\",\"Timestamp\":0}")))
                .containsExactly(1, 2);
    }

    private List<Integer> kept(ShardFilter filter) {
        return stream.getShards().stream()
                .filter(s -> filter.keeps(stream, s, NOW))
                .map(ShardMetadata::getIndex)
                .toList();
    }

    private static ShardFilter filter(String json) {
        try {
            Validation validation = new Validation();
            ShardFilter filter = ShardFilter.read(
                    new com.fasterxml.jackson.databind.ObjectMapper().readTree(json), WireFormat.JSON, validation);
            validation.throwIfInvalid();
            return filter;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ShardMetadata shard(int index, long created, Long closed) {
        return ShardMetadata.newBuilder()
                .setIndex(index)
                .setStartingHashKey("0")
                .setEndingHashKey("1")
                .setCreatedAtMillis(created)
                .setClosedAtMillis(closed)
                .setEndOffset(closed == null ? null : 5L)
                .build();
    }
}

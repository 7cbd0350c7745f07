package io.millrace.kinesis.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShardIdTest {

    @Test
    void formatsAsKinesisDoesAndParsesBack() {
        for (int index : new int[] {0, 3, 42, 999_999, 123_456_789, Integer.MAX_VALUE}) {
            String id = ShardId.format(index);
            assertThat(id).isEqualTo(String.format("shardId-%012d", index));
            assertThat(ShardId.parse(id)).isEqualTo(index);
        }
        assertThat(ShardId.format(3)).isEqualTo("shardId-000000000003");
    }

    @Test
    void parsesOnlyShardIdsThatCanNameAPartition() {
        assertThat(ShardId.parse("shardId-7")).isEqualTo(7);
        assertThat(ShardId.parse(null)).isEqualTo(-1);
        assertThat(ShardId.parse("shardId-")).isEqualTo(-1);
        assertThat(ShardId.parse("shard-000000000001")).isEqualTo(-1);
        assertThat(ShardId.parse("shardId-00000000000a")).isEqualTo(-1);
        assertThat(ShardId.parse("shardId-0000000000001")).as("13 digits").isEqualTo(-1);
        assertThat(ShardId.parse("shardId-999999999999")).as("past an int").isEqualTo(-1);
    }

    @Test
    void shortFormsAreAnsweredInTheCanonicalForm() {
        org.assertj.core.api.Assertions.assertThat(ShardId.canonical("shardId-5"))
                .isEqualTo("shardId-000000000005");
        org.assertj.core.api.Assertions.assertThat(ShardId.canonical("shardId-0000000000012"))
                .isEqualTo("shardId-0000000000012");
        org.assertj.core.api.Assertions.assertThat(ShardId.canonical("nonsense"))
                .isEqualTo("nonsense");
    }
}

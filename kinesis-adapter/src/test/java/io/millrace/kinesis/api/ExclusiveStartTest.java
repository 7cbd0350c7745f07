package io.millrace.kinesis.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExclusiveStartTest {

    @Test
    void anExistingShardIdResumesAfterItsIndex() {
        assertThat(ExclusiveStart.afterIndex("shardId-000000000000")).isZero();
        assertThat(ExclusiveStart.afterIndex("shardId-000000000042")).isEqualTo(42);
        assertThat(ExclusiveStart.afterIndex("shardId-002147483647")).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void anyOtherTextResumesAtItsPlaceInTheIdOrder() {
        // Beyond every int index: nothing sorts after it.
        assertThat(ExclusiveStart.afterIndex("shardId-999999999999")).isEqualTo(Integer.MAX_VALUE);
        assertThat(ExclusiveStart.afterIndex("zzz")).isEqualTo(Integer.MAX_VALUE);
        // Before every shard id: everything sorts after it.
        assertThat(ExclusiveStart.afterIndex("abc")).isEqualTo(-1);
        assertThat(ExclusiveStart.afterIndex("shardId-0")).isEqualTo(-1);
        // Between shardId-000000000004 and shardId-000000000005.
        assertThat(ExclusiveStart.afterIndex("shardId-0000000000045")).isEqualTo(4);
        assertThat(ExclusiveStart.afterIndex("shardId-00000000000x")).isEqualTo(9);
    }
}

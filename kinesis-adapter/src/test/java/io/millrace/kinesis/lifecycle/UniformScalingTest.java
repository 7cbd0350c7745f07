package io.millrace.kinesis.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.kinesis.model.NewStream;
import io.millrace.kinesis.model.Shards;
import io.millrace.kinesis.model.routing.HashKeyRange;
import io.millrace.schemas.kinesis.ShardMetadata;
import io.millrace.schemas.kinesis.StreamMetadata;
import io.millrace.schemas.kinesis.StreamMode;
import io.millrace.schemas.kinesis.StreamStatus;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** UpdateShardCount's rounds reach exactly the even ranges, and no child ever names more than two parents. */
class UniformScalingTest {

    @ParameterizedTest
    @CsvSource({"1,2", "2,4", "2,3", "3,2", "4,2", "5,3", "3,5", "7,4", "4,7", "6,6"})
    void roundsEndInEvenRangesWithAtMostTwoParentsPerChild(int from, int to) {
        StreamMetadata stream = stream(from);
        int rounds = 0;
        for (Optional<ReshardPlan> round = UniformScaling.nextRound(stream, to);
                round.isPresent();
                round = UniformScaling.nextRound(stream, to)) {
            StreamMetadata.Builder next = StreamMetadata.newBuilder(stream);
            round.get().applyTo(next, 1000L + rounds);
            stream = closeAll(next.build());
            rounds++;
            assertThat(rounds).isLessThan(8);
        }
        List<ShardMetadata> open = new ArrayList<>(Shards.open(stream));
        open.sort(Comparator.comparing(s -> new BigInteger(s.getStartingHashKey())));
        List<HashKeyRange> even = HashKeyRange.evenSplit(to);
        assertThat(open).hasSize(to);
        for (int i = 0; i < to; i++) {
            assertThat(open.get(i).getStartingHashKey())
                    .isEqualTo(even.get(i).start().toDecimal());
            assertThat(open.get(i).getEndingHashKey())
                    .isEqualTo(even.get(i).end().toDecimal());
        }
        if (from == to) {
            assertThat(rounds).isZero();
        }
    }

    @Test
    void splitAndMergePlansCoverTheParentsRanges() {
        StreamMetadata stream = stream(2);
        ShardMetadata first = stream.getShards().get(0);
        BigInteger cut = new BigInteger(first.getEndingHashKey()).shiftRight(1);
        ReshardPlan split = ReshardPlan.split(first, cut);
        assertThat(split.children()).extracting(ReshardPlan.Child::start).containsExactly(BigInteger.ZERO, cut);
        assertThat(split.children().get(0).end()).isEqualTo(cut.subtract(BigInteger.ONE));
        assertThat(split.partitionsNeeded(stream)).isEqualTo(4);
        assertThat(ReshardPlan.adjacent(
                        stream.getShards().get(0), stream.getShards().get(1)))
                .isTrue();
        ReshardPlan merge =
                ReshardPlan.merge(stream.getShards().get(1), stream.getShards().get(0));
        assertThat(merge.children().get(0).start()).isEqualTo(BigInteger.ZERO);
        assertThat(merge.children().get(0).parent()).isEqualTo(1);
        assertThat(merge.children().get(0).adjacentParent()).isEqualTo(0);

        StreamMetadata.Builder next = StreamMetadata.newBuilder(stream);
        split.applyTo(next, 5000L);
        StreamMetadata updating = next.build();
        assertThat(updating.getStatus()).isEqualTo(StreamStatus.UPDATING);
        assertThat(Shards.closing(updating)).extracting(ShardMetadata::getIndex).containsExactly(0);
        assertThat(Shards.current(updating)).extracting(ShardMetadata::getIndex).containsExactly(1, 2, 3);
        assertThat(Shards.router(updating, Long.MAX_VALUE).route(io.millrace.kinesis.model.routing.HashKey.MIN))
                .isEqualTo(2);
    }

    private static StreamMetadata closeAll(StreamMetadata stream) {
        List<ShardMetadata> shards = new ArrayList<>();
        for (ShardMetadata shard : stream.getShards()) {
            shards.add(
                    shard.getClosingAtMillis() != null && shard.getClosedAtMillis() == null
                            ? ShardMetadata.newBuilder(shard)
                                    .setClosedAtMillis(shard.getClosingAtMillis())
                                    .setEndOffset(0L)
                                    .build()
                            : shard);
            if (shard.getParentIndex() != null) {
                assertThat(shard.getIndex()).isGreaterThan(shard.getParentIndex());
            }
        }
        return StreamMetadata.newBuilder(stream)
                .setShards(shards)
                .setStatus(StreamStatus.ACTIVE)
                .build();
    }

    private static StreamMetadata stream(int count) {
        return NewStream.metadata("s", "i", "s", StreamMode.PROVISIONED, count, 0)
                .setStatus(StreamStatus.ACTIVE)
                .build();
    }
}

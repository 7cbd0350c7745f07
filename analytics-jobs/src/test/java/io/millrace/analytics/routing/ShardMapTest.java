package io.millrace.analytics.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.schemas.kinesis.ShardMetadata;
import io.millrace.schemas.kinesis.StreamMetadata;
import io.millrace.schemas.kinesis.StreamStatus;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShardMapTest {

  @Test
  void hashKeyIsTheMd5OfTheUtf8PartitionKeyAsAnUnsignedInteger() {
    // Values from an independent MD5 (Python hashlib), read as unsigned 128-bit integers.
    assertThat(HashKeys.of("a")).isEqualTo(new BigInteger("16955237001963240173058271559858726497"));
    assertThat(HashKeys.of("é")).isEqualTo(new BigInteger("136732923097551493579404309126273812335"));
    assertThat(HashKeys.of("partitionKey-1")).isEqualTo(new BigInteger("159499196025307651934328298402289840726"));
  }

  @Test
  void routesToTheOpenShardWhoseInclusiveRangeHoldsTheKey() {
    BigInteger third = HashKeys.MAX.divide(BigInteger.valueOf(3));
    ShardMap map = ShardMap.of(stream(List.of(
        shard(0, BigInteger.ZERO, HashKeys.MAX, 5L),
        shard(3, third.add(BigInteger.ONE), HashKeys.MAX, null),
        shard(2, BigInteger.ZERO, third, null))), 0);

    assertThat(map.topic()).isEqualTo("topic-s");
    assertThat(map.shardFor(BigInteger.ZERO)).isEqualTo(2);
    assertThat(map.shardFor(third)).isEqualTo(2);
    assertThat(map.shardFor(third.add(BigInteger.ONE))).isEqualTo(3);
    assertThat(map.shardFor(HashKeys.MAX)).isEqualTo(3);
  }

  @Test
  void aReshardMovesTheParentsRangeToTheChildrenAtItsCutoverInstant() {
    BigInteger half = HashKeys.MAX.shiftRight(1);
    ShardMetadata parent = ShardMetadata.newBuilder(shard(0, BigInteger.ZERO, HashKeys.MAX, null))
        .setClosingAtMillis(1_000L).build();
    StreamMetadata splitting = stream(List.of(parent,
        child(1, BigInteger.ZERO, half), child(2, half.add(BigInteger.ONE), HashKeys.MAX)));

    ShardMap before = ShardMap.of(splitting, 999);
    assertThat(before.shardFor(HashKeys.MAX)).isZero();
    assertThat(before.validUntilMillis()).isEqualTo(1_000L);
    ShardMap after = ShardMap.of(splitting, 1_000);
    assertThat(after.shardFor(BigInteger.ZERO)).isEqualTo(1);
    assertThat(after.shardFor(HashKeys.MAX)).isEqualTo(2);
    assertThat(after.validUntilMillis()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void aGapInTheOpenRangesIsAnError() {
    ShardMap map = ShardMap.of(stream(List.of(shard(0, BigInteger.ZERO, BigInteger.TEN, null))), 0);
    assertThatThrownBy(() -> map.shardFor(BigInteger.valueOf(11))).hasMessageContaining("no open shard");
  }

  private static StreamMetadata stream(List<ShardMetadata> shards) {
    return StreamMetadata.newBuilder().setName("s").setIncarnation("i").setVersion(1)
        .setStatus(StreamStatus.ACTIVE).setTopic("topic-s").setCreatedAtMillis(0).setShards(shards).build();
  }

  private static ShardMetadata child(int index, BigInteger start, BigInteger end) {
    return ShardMetadata.newBuilder(shard(index, start, end, null)).setParentIndex(0).build();
  }

  private static ShardMetadata shard(int index, BigInteger start, BigInteger end, Long closedAt) {
    return ShardMetadata.newBuilder().setIndex(index).setStartingHashKey(start.toString())
        .setEndingHashKey(end.toString()).setCreatedAtMillis(0).setClosedAtMillis(closedAt).build();
  }
}

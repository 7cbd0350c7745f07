package io.millrace.analytics.routing;

import io.millrace.kinesis.metadata.Shards;
import io.millrace.schemas.kinesis.ShardMetadata;
import io.millrace.schemas.kinesis.StreamMetadata;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The shards of a stream that take writes, by hash key range: the routing PutRecord applies, for the sink. */
public final class ShardMap {

  private final String topic;
  private final List<Range> open;
  private final long validUntilMillis;

  private ShardMap(String topic, List<Range> open, long validUntilMillis) {
    this.topic = topic;
    this.open = open;
    this.validUntilMillis = validUntilMillis;
  }

  /**
   * The shards that take writes at {@code nowMillis}: during a reshard the parents until its cutover instant, the
   * children from it, as the gateways route PutRecord.
   */
  public static ShardMap of(StreamMetadata metadata, long nowMillis) {
    List<Range> ranges = new ArrayList<>();
    for (ShardMetadata shard : Shards.writableAt(metadata, nowMillis)) {
      ranges.add(new Range(new BigInteger(shard.getStartingHashKey().toString()),
          new BigInteger(shard.getEndingHashKey().toString()), shard.getIndex()));
    }
    ranges.sort(Comparator.comparing(Range::start));
    return new ShardMap(metadata.getTopic().toString(), List.copyOf(ranges),
        Shards.nextCutover(metadata, nowMillis));
  }

  /** The instant a reshard's cutover changes the routing: the map must be rebuilt from then on. */
  public long validUntilMillis() {
    return validUntilMillis;
  }

  public String topic() {
    return topic;
  }

  /** Partition (shard index) of the open shard whose inclusive range holds the hash key. */
  public int shardFor(BigInteger hashKey) {
    int low = 0;
    int high = open.size() - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      Range range = open.get(mid);
      if (hashKey.compareTo(range.start) < 0) {
        high = mid - 1;
      } else if (hashKey.compareTo(range.end) > 0) {
        low = mid + 1;
      } else {
        return range.index;
      }
    }
    throw new IllegalStateException("no open shard of topic " + topic + " holds hash key " + hashKey);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ShardMap map && map.topic.equals(topic) && map.open.equals(open);
  }

  @Override
  public int hashCode() {
    return topic.hashCode() * 31 + open.hashCode();
  }

  private record Range(BigInteger start, BigInteger end, int index) {}
}

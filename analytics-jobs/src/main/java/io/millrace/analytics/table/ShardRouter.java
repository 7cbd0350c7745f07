package io.millrace.analytics.table;

import io.millrace.analytics.metadata.StreamMetadataReader;
import io.millrace.analytics.routing.HashKeys;
import io.millrace.analytics.routing.ShardMap;
import io.millrace.schemas.kinesis.StreamMetadata;
import java.io.Serializable;
import java.math.BigInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Routes partition keys to open shards, re-reading the shard map now and then so writes follow resharding. */
public final class ShardRouter implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ShardRouter.class);

  private final SinkSettings settings;
  private transient StreamMetadata metadata;
  private transient ShardMap shardMap;
  private transient int maxRecordBytes;
  private transient long loadedAtMillis;

  public ShardRouter(SinkSettings settings) {
    this.settings = settings;
  }

  public void open() {
    load();
  }

  public String topic() {
    refreshIfDue();
    return shardMap.topic();
  }

  public int maxRecordBytes() {
    return maxRecordBytes;
  }

  public int shardFor(String partitionKey, String explicitHashKey) {
    refreshIfDue();
    BigInteger hashKey = explicitHashKey == null ? HashKeys.of(partitionKey) : new BigInteger(explicitHashKey);
    return shardMap.shardFor(hashKey);
  }

  private void refreshIfDue() {
    long now = System.currentTimeMillis();
    if (now - loadedAtMillis >= settings.shardMapRefreshInterval().toMillis()) {
      load();
    } else if (now >= shardMap.validUntilMillis()) {
      shardMap = ShardMap.of(metadata, now);
    }
  }

  private void load() {
    metadata = new StreamMetadataReader(settings.bootstrapServers(), settings.kafkaProperties(),
        settings.metadataTopic()).read(settings.stream())
        .orElseThrow(() -> new IllegalStateException("Stream " + settings.stream() + " not found"));
    ShardMap next = ShardMap.of(metadata, System.currentTimeMillis());
    if (shardMap != null && !next.equals(shardMap)) {
      LOG.info("Shard map of stream {} reloaded at version {}", settings.stream(), metadata.getVersion());
    }
    shardMap = next;
    maxRecordBytes = metadata.getMaxRecordSizeKiB() * 1024;
    loadedAtMillis = System.currentTimeMillis();
  }
}

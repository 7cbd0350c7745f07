package io.millrace.analytics.table;

import io.millrace.analytics.metadata.StreamMetadataReader;
import io.millrace.kinesis.model.Shards;
import io.millrace.kinesis.model.routing.HashKey;
import io.millrace.kinesis.model.routing.ShardRouter;
import io.millrace.schemas.kinesis.ShardMetadata;
import io.millrace.schemas.kinesis.StreamMetadata;
import java.io.Serializable;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the partition keys of one stream to the shards that take writes, as PutRecord does, re-reading the shard
 * map now and then so writes follow resharding.
 */
public final class StreamRouter implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(StreamRouter.class);

    private final SinkSettings settings;
    private transient StreamMetadata metadata;
    private transient ShardRouter router;
    private transient long routerValidUntilMillis;
    private transient int maxRecordBytes;
    private transient long loadedAtMillis;

    public StreamRouter(SinkSettings settings) {
        this.settings = settings;
    }

    public void open() {
        load();
    }

    public String topic() {
        refreshIfDue();
        return metadata.getTopic();
    }

    public int maxRecordBytes() {
        return maxRecordBytes;
    }

    /**
     * The KMS key records are encrypted under, as the stream's metadata says at the last reload (StartStreamEncryption
     * and StopStreamEncryption are seen within the shard map's refresh interval), or null when it is not encrypted.
     */
    public String encryptionKeyId() {
        refreshIfDue();
        return "KMS".equals(metadata.getEncryptionType()) ? metadata.getKeyId() : null;
    }

    /** The shard of a record: by its explicit hash key when given (a decimal in [0, 2^128 - 1]), else its MD5. */
    public int shardFor(String partitionKey, String explicitHashKey) {
        refreshIfDue();
        HashKey hashKey = explicitHashKey == null ? HashKey.ofPartitionKey(partitionKey) : explicit(explicitHashKey);
        int shard = router.route(hashKey);
        if (shard < 0) {
            throw new IllegalStateException(
                    "no open shard of topic " + metadata.getTopic() + " holds hash key " + hashKey.toDecimal());
        }
        return shard;
    }

    private static HashKey explicit(String decimal) {
        HashKey hashKey = HashKey.parseDecimal(decimal);
        if (hashKey == null) {
            throw new IllegalArgumentException("explicit hash key " + decimal + " is not an integer in [0, 2^128 - 1]");
        }
        return hashKey;
    }

    private void refreshIfDue() {
        long now = System.currentTimeMillis();
        if (now - loadedAtMillis >= settings.shardMapRefreshInterval().toMillis()) {
            load();
        } else if (now >= routerValidUntilMillis) {
            route(now);
        }
    }

    private void load() {
        StreamMetadata previous = metadata;
        metadata = new StreamMetadataReader(
                        settings.bootstrapServers(), settings.kafkaProperties(), settings.metadataTopic())
                .read(settings.stream())
                .orElseThrow(() -> new IllegalStateException("Stream " + settings.stream() + " not found"));
        long now = System.currentTimeMillis();
        if (previous != null && !writable(previous, now).equals(writable(metadata, now))) {
            LOG.info("Shard map of stream {} reloaded at version {}", settings.stream(), metadata.getVersion());
        }
        route(now);
        maxRecordBytes = metadata.getMaxRecordSizeKiB() * 1024;
        loadedAtMillis = System.currentTimeMillis();
    }

    private void route(long nowMillis) {
        router = Shards.router(metadata, nowMillis);
        routerValidUntilMillis = Shards.nextCutover(metadata, nowMillis);
    }

    /** What routing depends on: the topic and the shards taking writes (a shard's range never changes). */
    private static List<Object> writable(StreamMetadata stream, long nowMillis) {
        return List.of(
                stream.getTopic(),
                Shards.writableAt(stream, nowMillis).stream()
                        .map(ShardMetadata::getIndex)
                        .toList());
    }
}

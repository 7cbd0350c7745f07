package io.millrace.analytics.table;

import io.millrace.analytics.metadata.StreamMetadataReader;
import io.millrace.kinesis.model.ShardId;
import io.millrace.schemas.kinesis.ShardMetadata;
import io.millrace.schemas.kinesis.StreamMetadata;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * When each shard of a stream was created, which a sequence number encodes. Read from the metadata topic on first
 * use, and again when a record comes from a shard not seen yet (a reshard added it).
 */
final class ShardCreationTimes implements Serializable {

    private static final long serialVersionUID = 1L;

    private final SourceSettings settings;
    private transient Map<Integer, Long> createdSeconds;

    ShardCreationTimes(SourceSettings settings) {
        this.settings = settings;
    }

    long createdSeconds(int shard) {
        Long seconds = createdSeconds == null ? null : createdSeconds.get(shard);
        if (seconds == null) {
            load();
            seconds = createdSeconds.get(shard);
            if (seconds == null) {
                throw new IllegalStateException("Shard " + ShardId.format(shard) + " of stream " + settings.stream()
                        + " is not in the stream's metadata");
            }
        }
        return seconds;
    }

    private void load() {
        StreamMetadata stream = new StreamMetadataReader(
                        settings.bootstrapServers(), settings.kafkaProperties(), settings.metadataTopic())
                .read(settings.stream())
                .orElseThrow(() -> new IllegalStateException("Stream " + settings.stream() + " not found"));
        Map<Integer, Long> times = new HashMap<>();
        for (ShardMetadata shard : stream.getShards()) {
            times.put(shard.getIndex(), shard.getCreatedAtMillis() / 1000);
        }
        createdSeconds = times;
    }
}

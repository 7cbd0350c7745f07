package io.millrace.lambda.store;

import io.millrace.gateway.store.NamedRecordFormat;
import io.millrace.gateway.store.VersionedStore;
import io.millrace.gateway.store.VersionedTopic;
import io.millrace.schemas.MetadataDecoders;
import io.millrace.schemas.kinesis.StreamMetadata;
import io.millrace.schemas.kinesis.StreamStatus;
import java.util.Optional;

/**
 * The Kinesis streams as the Kinesis API keeps them (key {@code stream/<name>} of its metadata topic), read only:
 * the pollers take each stream's topic, shard map and lineage from here, and never write it.
 */
public final class StreamDirectory {

    private final VersionedStore<StreamMetadata> streams;

    /** Adds the stream key space to {@code metadataTopic}; start the topic afterwards. */
    public StreamDirectory(VersionedTopic metadataTopic) {
        this.streams = metadataTopic.keySpace(new NamedRecordFormat<>(
                "stream/",
                StreamMetadata::toByteBuffer,
                MetadataDecoders::stream,
                StreamMetadata::getName,
                StreamMetadata::getVersion,
                StreamMetadata::getIncarnation));
    }

    /** The stream unless it does not exist or is being deleted. */
    public Optional<StreamMetadata> stream(String name) {
        return streams.get("stream/" + name).filter(s -> s.getStatus() != StreamStatus.DELETING);
    }
}

package io.millrace.analytics.application;

import io.millrace.gateway.store.NamedRecordFormat;
import io.millrace.gateway.store.VersionedStore;
import io.millrace.gateway.store.VersionedTopic;
import io.millrace.schemas.MetadataDecoders;
import io.millrace.schemas.kinesis.StreamMetadata;
import io.millrace.schemas.kinesis.StreamStatus;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Kinesis streams and their topics, read only from the Kinesis API's metadata topic (key {@code stream/<name>}),
 * which this gateway tails: what the applications' Kafka ACLs are derived over. A stream being deleted has none.
 */
final class StreamTopics implements AutoCloseable {

    private final VersionedTopic topic;
    private final VersionedStore<StreamMetadata> streams;

    StreamTopics(Map<String, Object> kafkaClientProps, String metadataTopic) {
        this.topic = VersionedTopic.withOwnAdmin(kafkaClientProps, metadataTopic, "millrace-analytics-streams");
        this.streams = topic.keySpace(new NamedRecordFormat<>(
                "stream/",
                StreamMetadata::toByteBuffer,
                MetadataDecoders::stream,
                StreamMetadata::getName,
                StreamMetadata::getVersion,
                StreamMetadata::getIncarnation));
    }

    void start(Duration timeout) throws Exception {
        topic.start(timeout);
    }

    /** Stream name to topic, of every stream not being deleted. */
    Map<String, String> topics() {
        Map<String, String> topics = new TreeMap<>();
        for (StreamMetadata stream : streams.values()) {
            if (stream.getStatus() != StreamStatus.DELETING) {
                topics.put(stream.getName(), stream.getTopic());
            }
        }
        return topics;
    }

    @Override
    public void close() {
        topic.close();
    }
}

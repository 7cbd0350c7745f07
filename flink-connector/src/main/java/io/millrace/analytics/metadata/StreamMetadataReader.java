package io.millrace.analytics.metadata;

import io.millrace.schemas.MetadataDecoders;
import io.millrace.schemas.kinesis.StreamMetadata;
import io.millrace.schemas.kinesis.StreamStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Keeps the last value of every {@code stream/<name>} key of the Kinesis gateway's metadata topic. */
public final class StreamMetadataReader {

    private static final String KEY_PREFIX = "stream/";

    private final CompactedTopicReader topic;

    public StreamMetadataReader(String bootstrapServers, Map<String, String> kafkaProperties, String metadataTopic) {
        this.topic = new CompactedTopicReader(bootstrapServers, kafkaProperties, metadataTopic);
    }

    /** The live streams (not being deleted), by name. */
    public Map<String, StreamMetadata> readAll() {
        Map<String, StreamMetadata> streams = new TreeMap<>();
        topic.readAll(record -> apply(streams, record));
        streams.values().removeIf(s -> s.getStatus() == StreamStatus.DELETING);
        return streams;
    }

    public Optional<StreamMetadata> read(String stream) {
        return Optional.ofNullable(readAll().get(stream));
    }

    private static void apply(Map<String, StreamMetadata> streams, ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null) {
            return;
        }
        String key = new String(record.key(), StandardCharsets.UTF_8);
        if (!key.startsWith(KEY_PREFIX)) {
            return;
        }
        String name = key.substring(KEY_PREFIX.length());
        if (record.value() == null) {
            streams.remove(name);
            return;
        }
        try {
            streams.put(name, MetadataDecoders.stream(ByteBuffer.wrap(record.value())));
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable metadata of stream " + name, e);
        }
    }
}

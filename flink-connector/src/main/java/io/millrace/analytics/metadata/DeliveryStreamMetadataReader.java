package io.millrace.analytics.metadata;

import io.millrace.schemas.MetadataDecoders;
import io.millrace.schemas.firehose.DeliveryStreamMetadata;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The Firehose gateway's delivery streams, from its compacted topic ({@code __millrace_firehose}, key
 * {@code deliverystream/<name>}). Applies the gateways' compare-and-set rules, so a write that lost a race is
 * ignored here too: a state applies on top of version - 1 of the same incarnation (or as the first record seen of an
 * incarnation not deleted), and a tombstone removes only the incarnation its header names.
 */
public final class DeliveryStreamMetadataReader {

    public static final String DEFAULT_TOPIC = "__millrace_firehose";
    private static final String KEY_PREFIX = "deliverystream/";
    private static final String INCARNATION_HEADER = "millrace.incarnation";

    private final CompactedTopicReader topic;

    public DeliveryStreamMetadataReader(
            String bootstrapServers, Map<String, String> kafkaProperties, String metadataTopic) {
        this.topic = new CompactedTopicReader(bootstrapServers, kafkaProperties, metadataTopic);
    }

    public Optional<DeliveryStreamMetadata> read(String deliveryStream) {
        Map<String, DeliveryStreamMetadata> streams = new HashMap<>();
        Set<String> deleted = new HashSet<>();
        topic.readAll(record -> apply(streams, deleted, record));
        return Optional.ofNullable(streams.get(deliveryStream));
    }

    private static void apply(
            Map<String, DeliveryStreamMetadata> streams, Set<String> deleted, ConsumerRecord<byte[], byte[]> record) {
        String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
        if (!key.startsWith(KEY_PREFIX)) {
            return;
        }
        String name = key.substring(KEY_PREFIX.length());
        DeliveryStreamMetadata current = streams.get(name);
        if (record.value() == null) {
            Header header = record.headers().lastHeader(INCARNATION_HEADER);
            String incarnation = header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
            if (incarnation != null) {
                deleted.add(incarnation);
                if (current != null && incarnation.equals(current.getIncarnation())) {
                    streams.remove(name);
                }
            }
            return;
        }
        DeliveryStreamMetadata next = decode(record.value());
        if (next == null || !name.equals(next.getName())) {
            return;
        }
        boolean accepted = current == null
                ? !deleted.contains(next.getIncarnation())
                : current.getIncarnation().equals(next.getIncarnation())
                        && next.getVersion() == current.getVersion() + 1;
        if (accepted) {
            streams.put(name, next);
        }
    }

    private static DeliveryStreamMetadata decode(byte[] value) {
        try {
            return MetadataDecoders.deliveryStream(ByteBuffer.wrap(value));
        } catch (IOException | RuntimeException e) {
            // The gateways skip a record they cannot read; so does this reader.
            return null;
        }
    }
}

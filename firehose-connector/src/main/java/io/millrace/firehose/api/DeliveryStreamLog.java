package io.millrace.firehose.api;

import io.millrace.schemas.MetadataDecoders;
import io.millrace.schemas.firehose.DeliveryStreamMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The state machine every gateway runs over the delivery stream topic, in log order, so all reach the same view
 * (the Kinesis {@code MetadataLog} pattern, smaller). A record applies only on top of the version before it of the
 * same incarnation, or as the first version of an incarnation never seen deleted; a tombstone only to the
 * incarnation it names. Records that lose are ignored: the writer sees it did not win and reports a conflict.
 */
final class DeliveryStreamLog {

    static final String KEY_PREFIX = "deliverystream/";
    static final String INCARNATION_HEADER = "millrace.incarnation";
    /** Earlier versions of the DeliveryStreamMetadata schema, kept by the schemas module. */

    private final ConcurrentSkipListMap<String, DeliveryStreamMetadata> streams = new ConcurrentSkipListMap<>();
    private final Map<String, Boolean> deletedIncarnations = new ConcurrentHashMap<>();

    boolean apply(String key, byte[] value, Headers headers) {
        if (key == null || !key.startsWith(KEY_PREFIX)) {
            return false;
        }
        String name = key.substring(KEY_PREFIX.length());
        return value == null ? applyTombstone(name, header(headers)) : applyState(name, decode(value));
    }

    private boolean applyState(String name, DeliveryStreamMetadata next) {
        if (next == null || !name.equals(next.getName())) {
            return false;
        }
        DeliveryStreamMetadata current = streams.get(name);
        boolean accepted;
        if (current == null) {
            // Compaction may have removed earlier versions: any version of a live incarnation is a base.
            accepted = !deletedIncarnations.containsKey(next.getIncarnation());
        } else {
            accepted = current.getIncarnation().equals(next.getIncarnation())
                    && next.getVersion() == current.getVersion() + 1;
        }
        if (accepted) {
            streams.put(name, next);
        }
        return accepted;
    }

    private boolean applyTombstone(String name, String incarnation) {
        if (incarnation != null) {
            deletedIncarnations.put(incarnation, true);
        }
        DeliveryStreamMetadata current = streams.get(name);
        if (current == null || incarnation == null || !incarnation.equals(current.getIncarnation())) {
            return false;
        }
        streams.remove(name);
        return true;
    }

    Optional<DeliveryStreamMetadata> stream(String name) {
        return Optional.ofNullable(streams.get(name));
    }

    /** In name order, as ListDeliveryStreams returns them. */
    Collection<DeliveryStreamMetadata> streams() {
        return streams.values();
    }

    static byte[] encode(DeliveryStreamMetadata metadata) {
        try {
            ByteBuffer buffer = metadata.toByteBuffer();
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DeliveryStreamMetadata decode(byte[] value) {
        try {
            return MetadataDecoders.deliveryStream(ByteBuffer.wrap(value));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String header(Headers headers) {
        Header header = headers == null ? null : headers.lastHeader(INCARNATION_HEADER);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

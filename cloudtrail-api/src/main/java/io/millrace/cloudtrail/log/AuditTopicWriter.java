package io.millrace.cloudtrail.log;

import io.millrace.cloudtrail.event.CloudTrailEvents;
import io.millrace.gateway.audit.ApiCall;
import io.millrace.gateway.audit.AuditTrail;
import io.millrace.schemas.cloudtrail.CloudTrailEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The gateway's audit trail in Kafka: each call's event, Avro single-object encoded, acknowledged by every in-sync
 * replica ({@code acks=all}, idempotent) before the gateway answers the call. Nothing here blocks the I/O thread
 * that records: the topic's metadata is fetched at start, and the send completes the returned stage from the
 * producer's callback.
 */
public final class AuditTopicWriter implements AuditTrail, AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final CloudTrailEvents events;

    public AuditTopicWriter(Map<String, Object> kafkaClientProps, String topic, CloudTrailEvents events, int lingerMs) {
        Map<String, Object> props = new LinkedHashMap<>(kafkaClientProps);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "millrace-audit");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        this.producer = new KafkaProducer<>(props);
        this.topic = topic;
        this.events = events;
        // Warm the metadata now: a send that had to fetch it would wait on the I/O thread.
        producer.partitionsFor(topic);
    }

    @Override
    public CompletionStage<Void> record(ApiCall call) {
        Optional<CloudTrailEvent> event;
        try {
            event = events.of(call);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (event.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return write(event.get());
    }

    /** Writes one event; the stage completes once every in-sync replica has it. */
    public CompletableFuture<Void> write(CloudTrailEvent event) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        try {
            producer.send(
                    new ProducerRecord<>(topic, null, event.getEventTimeMillis(), event.getEventId(), encode(event)),
                    (metadata, error) -> {
                        if (error == null) {
                            written.complete(null);
                        } else {
                            written.completeExceptionally(error);
                        }
                    });
        } catch (RuntimeException e) {
            written.completeExceptionally(e);
        }
        return written;
    }

    private static byte[] encode(CloudTrailEvent event) {
        try {
            ByteBuffer buffer = event.toByteBuffer();
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}

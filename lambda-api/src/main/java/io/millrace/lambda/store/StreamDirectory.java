package io.millrace.lambda.store;

import io.millrace.gateway.store.NamedRecordFormat;
import io.millrace.gateway.store.VersionedStore;
import io.millrace.gateway.store.VersionedTopic;
import io.millrace.kinesis.model.arn.ConsumerArn;
import io.millrace.kinesis.model.arn.StreamArn;
import io.millrace.schemas.MetadataDecoders;
import io.millrace.schemas.kinesis.StreamConsumer;
import io.millrace.schemas.kinesis.StreamMetadata;
import io.millrace.schemas.kinesis.StreamStatus;
import java.util.Optional;

/**
 * The Kinesis streams as the Kinesis API keeps them (key {@code stream/<name>} of its metadata topic), read only:
 * the pollers take each stream's topic, shard map and lineage from here, and never write it.
 */
public final class StreamDirectory {

    public static final String STREAM_NOT_FOUND = "Stream not found";
    public static final String CONSUMER_NOT_FOUND = "Stream consumer not found";

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

    /**
     * What keeps a mapping's event source from being read now, as the PROBLEM of its LastProcessingResult: {@code
     * Stream not found} (the stream deleted or being deleted), {@code Stream consumer not found} (a consumer ARN
     * the stream no longer has registered, or deregistering); empty when it can be read.
     */
    public Optional<String> sourceProblem(String eventSourceArn, String streamName) {
        StreamMetadata stream = stream(streamName).orElse(null);
        if (stream == null) {
            return Optional.of(STREAM_NOT_FOUND);
        }
        ConsumerArn consumer = StreamArn.parse(eventSourceArn) == null ? ConsumerArn.parse(eventSourceArn) : null;
        if (consumer != null && !registered(stream, consumer)) {
            return Optional.of(CONSUMER_NOT_FOUND);
        }
        return Optional.empty();
    }

    /**
     * The ARN of the consumer now registered (and not deregistering) under the name {@code arn} names, when that
     * registration is another than {@code arn}'s (a consumer deregistered and registered again gets a new ARN).
     */
    public Optional<String> registeredAgain(ConsumerArn arn, String streamArn) {
        return stream(arn.stream())
                .flatMap(stream -> stream.getConsumers().stream()
                        .filter(c -> c.getName().equals(arn.consumer()) && c.getDeregisteredAtMillis() == null)
                        .filter(c -> c.getCreatedAtMillis() / 1000 != arn.createdSeconds())
                        .map(c -> ConsumerArn.format(streamArn, c.getName(), c.getCreatedAtMillis()))
                        .findFirst());
    }

    /**
     * Whether the consumer is registered with the stream and not being deregistered: the same name, created in the
     * second its ARN ends with (a consumer registered again under the name has another ARN).
     */
    public static boolean registered(StreamMetadata stream, ConsumerArn arn) {
        for (StreamConsumer c : stream.getConsumers()) {
            if (c.getName().equals(arn.consumer())
                    && c.getCreatedAtMillis() / 1000 == arn.createdSeconds()
                    && c.getDeregisteredAtMillis() == null) {
                return true;
            }
        }
        return false;
    }
}

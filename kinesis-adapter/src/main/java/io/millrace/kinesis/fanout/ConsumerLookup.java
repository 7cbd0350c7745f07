package io.millrace.kinesis.fanout;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.Fields;
import io.millrace.gateway.protocol.Validation;
import io.millrace.kinesis.api.KinesisBackend;
import io.millrace.kinesis.errors.KinesisErrors;
import io.millrace.kinesis.metadata.ConsumerStates;
import io.millrace.kinesis.model.arn.ConsumerArn;
import io.millrace.kinesis.model.arn.StreamArn;
import io.millrace.schemas.kinesis.StreamConsumer;
import io.millrace.schemas.kinesis.StreamMetadata;
import io.millrace.schemas.kinesis.StreamStatus;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Finds the stream and the consumer a request names: by ConsumerARN, or by StreamARN and ConsumerName (all three
 * may be given when they agree), with AWS's errors for what does not exist.
 */
final class ConsumerLookup {

    static final Pattern CONSUMER_NAME = Pattern.compile("[a-zA-Z0-9_.-]+");

    /** A consumer and the stream it reads, as found now. */
    record Found(StreamMetadata stream, StreamConsumer consumer, String streamArn) {
        String consumerArn() {
            return ConsumerArn.format(streamArn, consumer.getName(), consumer.getCreatedAtMillis());
        }
    }

    private final KinesisBackend backend;

    ConsumerLookup(KinesisBackend backend) {
        this.backend = backend;
    }

    /** Validates StreamARN (length and pattern from the model) into {@code validation}. */
    static void validateStreamArn(Validation validation, String arn) {
        validation.length("streamARN", arn, 1, 2048).pattern("streamARN", arn, StreamArn.PATTERN);
    }

    static void validateConsumerName(Validation validation, String name) {
        validation.length("consumerName", name, 1, 128).pattern("consumerName", name, CONSUMER_NAME);
    }

    static void validateConsumerArn(Validation validation, String arn) {
        validation.length("consumerARN", arn, 1, 2048).pattern("consumerARN", arn, ConsumerArn.PATTERN);
    }

    /** The stream a valid StreamARN names, with its account checked. */
    String streamName(String streamArn) {
        StreamArn parsed = StreamArn.parse(streamArn);
        if (parsed == null) {
            throw KinesisErrors.invalidArgument("Invalid StreamARN " + streamArn);
        }
        if (!parsed.account().equals(backend.accountId())) {
            throw streamNotFound(parsed.stream());
        }
        return parsed.stream();
    }

    /** The stream, read through to the metadata topic when this gateway has not seen it yet. */
    StreamMetadata stream(String name) {
        Optional<StreamMetadata> stream = backend.metadata().stream(name);
        if (stream.isEmpty()) {
            syncQuietly();
            stream = backend.metadata().stream(name);
        }
        return stream.filter(s -> s.getStatus() != StreamStatus.DELETING).orElseThrow(() -> streamNotFound(name));
    }

    /** The consumer named by ConsumerARN, or by StreamARN and ConsumerName; either form is required. */
    Found find(AwsRequest request, boolean allowStreamForm) {
        JsonNode body = request.body();
        String consumerArn = Fields.text(body, "ConsumerARN");
        String streamArn = allowStreamForm ? Fields.text(body, "StreamARN") : null;
        String consumerName = allowStreamForm ? Fields.text(body, "ConsumerName") : null;
        Validation validation = new Validation();
        validateConsumerArn(validation, consumerArn);
        validateStreamArn(validation, streamArn);
        validateConsumerName(validation, consumerName);
        validation.throwIfInvalid();
        if (consumerArn == null && (streamArn == null || consumerName == null)) {
            throw KinesisErrors.invalidArgument(
                    allowStreamForm
                            ? "Either ConsumerARN or both StreamARN and ConsumerName must be provided."
                            : "ConsumerARN must be provided.");
        }
        long now = backend.now();
        if (consumerArn != null) {
            ConsumerArn parsed = ConsumerArn.parse(consumerArn);
            if (parsed == null || !parsed.account().equals(backend.accountId())) {
                throw consumerNotFound(consumerArn);
            }
            if ((consumerName != null && !consumerName.equals(parsed.consumer()))
                    || (streamArn != null && !streamName(streamArn).equals(parsed.stream()))) {
                throw KinesisErrors.invalidArgument("ConsumerARN " + consumerArn + " does not name consumer "
                        + (consumerName != null ? consumerName : "") + " of stream "
                        + (streamArn != null ? streamArn : parsed.stream()) + ".");
            }
            Optional<Found> found = consumer(request, parsed.stream(), parsed.consumer(), parsed.createdSeconds(), now);
            if (found.isEmpty()) {
                // Registered a moment ago through another gateway: read through to the metadata topic once.
                syncQuietly();
                found = consumer(request, parsed.stream(), parsed.consumer(), parsed.createdSeconds(), now);
            }
            return found.orElseThrow(() -> consumerNotFound(consumerArn));
        }
        String name = streamName(streamArn);
        stream(name);
        Optional<Found> found = consumer(request, name, consumerName, -1, now);
        if (found.isEmpty()) {
            syncQuietly();
            found = consumer(request, name, consumerName, -1, now);
        }
        return found.orElseThrow(() -> KinesisErrors.resourceNotFound(
                "Consumer " + consumerName + " under stream " + streamArn + " not found."));
    }

    /** The consumer as this gateway sees it now; {@code createdSeconds} -1 matches any. */
    private Optional<Found> consumer(
            AwsRequest request, String streamName, String name, long createdSeconds, long now) {
        return backend.metadata().stream(streamName)
                .filter(s -> s.getStatus() != StreamStatus.DELETING)
                .flatMap(stream -> ConsumerStates.named(stream.getConsumers(), name, now)
                        .filter(c -> createdSeconds < 0 || c.getCreatedAtMillis() / 1000 == createdSeconds)
                        .map(c -> new Found(stream, c, arn(request, streamName))));
    }

    String arn(AwsRequest request, String streamName) {
        return StreamArn.format(request.region(), backend.accountId(), streamName);
    }

    ApiException streamNotFound(String name) {
        return KinesisErrors.resourceNotFound(
                "Stream " + name + " under account " + backend.accountId() + " not found.");
    }

    static ApiException consumerNotFound(String consumerArn) {
        return KinesisErrors.resourceNotFound("Consumer " + consumerArn + " not found.");
    }

    private void syncQuietly() {
        try {
            backend.metadata().sync().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Serve what we have: a view a few milliseconds old beats failing the call.
        }
    }
}

package io.millrace.kinesis.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.Fields;
import io.millrace.gateway.protocol.Validation;
import io.millrace.kinesis.errors.KinesisErrors;
import io.millrace.kinesis.model.arn.StreamArn;
import io.millrace.schemas.kinesis.StreamMetadata;
import io.millrace.schemas.kinesis.StreamStatus;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Finds the stream a request names, by StreamName or StreamARN (accepted wherever a name is), and phrases the
 * errors as AWS does.
 */
final class StreamLookup {

    static final Pattern STREAM_NAME = Pattern.compile("[a-zA-Z0-9_.-]+");

    private final KinesisBackend backend;

    StreamLookup(KinesisBackend backend) {
        this.backend = backend;
    }

    /** Validates StreamName/StreamARN into the validation and returns the name (null when absent or invalid). */
    static String streamName(JsonNode body, Validation validation, boolean required) {
        String name = Fields.text(body, "StreamName");
        String arn = Fields.text(body, "StreamARN");
        validation.length("streamName", name, 1, 128).pattern("streamName", name, STREAM_NAME);
        validation.length("streamARN", arn, 1, 2048).pattern("streamARN", arn, StreamArn.PATTERN);
        if (!validation.isValid()) {
            return null;
        }
        String fromArn = null;
        if (arn != null) {
            StreamArn parsed = StreamArn.parse(arn);
            if (parsed == null) {
                throw KinesisErrors.invalidArgument("Invalid StreamARN " + arn);
            }
            fromArn = parsed.stream();
        }
        if (name != null && fromArn != null && !name.equals(fromArn)) {
            throw KinesisErrors.invalidArgument("StreamARN " + arn + " does not name stream " + name);
        }
        String resolved = name != null ? name : fromArn;
        if (resolved == null && required) {
            throw KinesisErrors.invalidArgument("Either StreamName or StreamARN should be provided.");
        }
        return resolved;
    }

    /**
     * The stream, read through to the metadata topic when this gateway has not seen it yet (it may have been
     * created a moment ago through another gateway).
     */
    StreamMetadata require(String name) {
        Optional<StreamMetadata> stream = backend.metadata().stream(name);
        if (stream.isEmpty()) {
            syncQuietly();
            stream = backend.metadata().stream(name);
        }
        return stream.orElseThrow(() -> notFound(name));
    }

    /** A stream that can take reads and writes: ACTIVE or UPDATING. */
    StreamMetadata requireReadable(String name) {
        StreamMetadata stream = require(name);
        if (stream.getStatus() == StreamStatus.CREATING || stream.getStatus() == StreamStatus.DELETING) {
            throw notFound(name);
        }
        return stream;
    }

    /** A stream whose configuration can change now: ACTIVE only, as AWS requires. */
    StreamMetadata requireActive(String name) {
        StreamMetadata stream = require(name);
        if (stream.getStatus() != StreamStatus.ACTIVE) {
            throw KinesisErrors.resourceInUse("Stream " + name + " under account " + backend.accountId()
                    + " not ACTIVE, instead in state " + stream.getStatus());
        }
        return stream;
    }

    /** Brings this gateway's view up to date before answering a control-plane read. */
    void syncQuietly() {
        try {
            backend.metadata().sync().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Serve what we have: a view a few milliseconds old beats failing the call.
        }
    }

    String accountId() {
        return backend.accountId();
    }

    ApiException notFound(String name) {
        return KinesisErrors.resourceNotFound(
                "Stream " + name + " under account " + backend.accountId() + " not found.");
    }

    String arn(AwsRequest request, String name) {
        return StreamArn.format(request.region(), backend.accountId(), name);
    }
}

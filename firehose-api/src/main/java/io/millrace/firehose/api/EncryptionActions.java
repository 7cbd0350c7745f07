package io.millrace.firehose.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.firehose.errors.FirehoseErrors;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.Fields;
import io.millrace.gateway.protocol.Validation;
import io.millrace.gateway.protocol.WireCodec;
import io.millrace.schemas.firehose.DataKey;
import io.millrace.schemas.firehose.DeliveryStreamEncryption;
import io.millrace.schemas.firehose.DeliveryStreamMetadata;
import io.millrace.schemas.firehose.DeliveryStreamStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * StartDeliveryStreamEncryption and StopDeliveryStreamEncryption: both answer at once and leave the status
 * ENABLING or DISABLING; {@link DeliveryStreamLifecycle} finishes the change (ENABLED once every connector task can
 * decrypt with the new data key). Each Start makes a new data key, as AWS's Start on an encrypted stream changes
 * its key; older keys are kept for the records they encrypted.
 */
final class EncryptionActions {

    /** AWS: Start and Stop together at most 25 times per delivery stream per 24 hours. */
    static final int TOGGLES_PER_DAY = 25;

    private static final long DAY_MILLIS = 24L * 3600 * 1000;

    private final DeliveryStreamStore store;
    private final DeliveryStreamLifecycle lifecycle;
    private final StreamEncryption encryption;

    EncryptionActions(DeliveryStreamStore store, DeliveryStreamLifecycle lifecycle, StreamEncryption encryption) {
        this.store = store;
        this.lifecycle = lifecycle;
        this.encryption = encryption;
    }

    CompletionStage<JsonNode> start(AwsRequest request) {
        JsonNode body = request.body();
        String name = Fields.text(body, "DeliveryStreamName");
        Validation validation = DeliveryStreams.checkName(new Validation(), "deliveryStreamName", name);
        EncryptionInput parsed = EncryptionInput.parse(body, validation);
        validation.throwIfInvalid();
        EncryptionInput input = parsed == null ? EncryptionInput.DEFAULT : parsed;
        encryption.checkUsable(input);
        return change(request, name, current -> {
            DataKey key = encryption.newDataKey(name, current);
            List<DataKey> keys = new ArrayList<>(current == null ? List.of() : current.getKeys());
            keys.add(key);
            return DeliveryStreamEncryption.newBuilder()
                    .setKeyType(input.keyType())
                    .setKeyArn(input.keyArn())
                    .setStatus(StreamEncryption.ENABLING)
                    .setFailureDetails(null)
                    .setKeys(keys)
                    .setToggledAtMillis(toggles(current))
                    .build();
        });
    }

    CompletionStage<JsonNode> stop(AwsRequest request) {
        JsonNode body = request.body();
        String name = Fields.text(body, "DeliveryStreamName");
        DeliveryStreams.checkName(new Validation(), "deliveryStreamName", name).throwIfInvalid();
        return change(
                request,
                name,
                current -> DeliveryStreamEncryption.newBuilder(
                                current == null
                                        ? DeliveryStreamEncryption.newBuilder()
                                                .setKeyType(EncryptionInput.AWS_OWNED)
                                                .setStatus(StreamEncryption.DISABLED)
                                                .build()
                                        : current)
                        .setStatus(StreamEncryption.DISABLING)
                        .setFailureDetails(null)
                        .setToggledAtMillis(toggles(current))
                        .build());
    }

    private CompletionStage<JsonNode> change(
            AwsRequest request, String name, Function<DeliveryStreamEncryption, DeliveryStreamEncryption> next) {
        return store.sync()
                .thenCompose(ignored -> {
                    DeliveryStreamMetadata stream = DeliveryStreams.require(store, request, name);
                    checkChangeable(request, stream);
                    return store.update(name, stream.getIncarnation(), s -> {
                        checkChangeable(request, s);
                        return lifecycle
                                .ownStep(DeliveryStreamMetadata.newBuilder(s)
                                        .setEncryption(next.apply(s.getEncryption())))
                                .build();
                    });
                })
                .thenApply(changed -> {
                    if (changed == null) {
                        throw DeliveryStreams.notFound(request, name);
                    }
                    lifecycle.finishEncryptionChange(changed);
                    return WireCodec.object();
                });
    }

    private static void checkChangeable(AwsRequest request, DeliveryStreamMetadata stream) {
        String name = stream.getName();
        if (!"DirectPut".equals(stream.getDeliveryStreamType())) {
            // AWS: SSE can be enabled only for a delivery stream that uses DirectPut as its source.
            throw FirehoseErrors.invalidArgument("This operation is not permitted on " + stream.getDeliveryStreamType()
                    + " delivery stream type. Server-side encryption is available only for DirectPut delivery"
                    + " streams.");
        }
        if (stream.getStatus() != DeliveryStreamStatus.ACTIVE) {
            throw FirehoseErrors.resourceInUse("Firehose " + name + " under account " + request.accountId() + " is in "
                    + stream.getStatus() + " state; encryption can be changed only when it is ACTIVE.");
        }
        DeliveryStreamEncryption current = stream.getEncryption();
        if (current != null
                && (StreamEncryption.ENABLING.equals(current.getStatus())
                        || StreamEncryption.DISABLING.equals(current.getStatus()))) {
            throw FirehoseErrors.resourceInUse("Firehose " + name + " under account " + request.accountId()
                    + " has encryption status " + current.getStatus() + "; wait until it completes.");
        }
        if (recentToggles(current, System.currentTimeMillis()).size() >= TOGGLES_PER_DAY) {
            throw FirehoseErrors.limitExceeded("StartDeliveryStreamEncryption and StopDeliveryStreamEncryption can be"
                    + " called at most " + TOGGLES_PER_DAY + " times per delivery stream in 24 hours; " + name
                    + " reached that limit.");
        }
    }

    /** The calls of the last 24 hours, and this one. */
    private static List<Long> toggles(DeliveryStreamEncryption current) {
        long now = System.currentTimeMillis();
        List<Long> toggles = new ArrayList<>(recentToggles(current, now));
        toggles.add(now);
        return toggles;
    }

    private static List<Long> recentToggles(DeliveryStreamEncryption current, long now) {
        return current == null
                ? List.of()
                : current.getToggledAtMillis().stream()
                        .filter(at -> at > now - DAY_MILLIS)
                        .toList();
    }
}

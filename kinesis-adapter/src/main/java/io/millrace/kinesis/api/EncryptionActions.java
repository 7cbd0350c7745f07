package io.millrace.kinesis.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.Fields;
import io.millrace.gateway.protocol.Validation;
import io.millrace.gateway.protocol.WireCodec;
import io.millrace.kinesis.errors.KinesisErrors;
import io.millrace.kinesis.lifecycle.StreamReconciler;
import io.millrace.kinesis.metadata.StreamUpdater;
import io.millrace.kinesis.model.sse.KeyException;
import io.millrace.schemas.kinesis.StreamMetadata;
import io.millrace.schemas.kinesis.StreamStatus;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * StartStreamEncryption and StopStreamEncryption. As on AWS the stream goes UPDATING and back to ACTIVE (the
 * reconciler of any gateway finishes it, as it finishes a reshard); the put path reads the stream's encryption from
 * the metadata of each request, so every record written after the switch is sealed (see
 * {@link io.millrace.kinesis.model.sse.RecordEnvelope}) and records written before stay as they were.
 */
final class EncryptionActions {

    static final String KMS = "KMS";

    private static final Logger LOG = LoggerFactory.getLogger(EncryptionActions.class);
    private static final Set<String> TYPES = Set.of("NONE", KMS);

    private final KinesisBackend backend;
    private final StreamLookup lookup;
    private final StreamUpdater updater;
    private final StreamReconciler reconciler;

    EncryptionActions(KinesisBackend backend, StreamLookup lookup, StreamUpdater updater, StreamReconciler reconciler) {
        this.backend = backend;
        this.lookup = lookup;
        this.updater = updater;
        this.reconciler = reconciler;
    }

    static boolean encrypted(StreamMetadata stream) {
        return KMS.equals(stream.getEncryptionType());
    }

    JsonNode start(AwsRequest request) throws InterruptedException {
        Change change = read(request, "StartStreamEncryption");
        String keyArn;
        try {
            // The key must be usable now (AWS checks it and answers the KMS error types listed for this action).
            keyArn = backend.requireCipher().keys().usableKeyArn(change.keyId());
        } catch (KeyException e) {
            throw KinesisErrors.kms(e);
        }
        switchTo(change.name(), KMS, change.keyId());
        LOG.info("Stream {}: encryption started with KMS key {} ({})", change.name(), change.keyId(), keyArn);
        return WireCodec.object();
    }

    JsonNode stop(AwsRequest request) throws InterruptedException {
        Change change = read(request, "StopStreamEncryption");
        switchTo(change.name(), "NONE", null);
        LOG.info("Stream {}: encryption stopped", change.name());
        return WireCodec.object();
    }

    private record Change(String name, String keyId) {}

    /** Both actions take StreamName or StreamARN, EncryptionType (only KMS is valid) and KeyId, all required. */
    private Change read(AwsRequest request, String action) {
        JsonNode body = request.body();
        String type = Fields.text(body, "EncryptionType");
        String keyId = Fields.text(body, "KeyId");
        Validation validation = new Validation();
        String name = StreamLookup.streamName(body, validation, false);
        validation
                .required("encryptionType", type)
                .oneOf("encryptionType", type, TYPES)
                .required("keyId", keyId)
                .length("keyId", keyId, 1, 2048)
                .throwIfInvalid();
        if (name == null) {
            throw KinesisErrors.invalidArgument("Either StreamName or StreamARN should be provided.");
        }
        if (!KMS.equals(type)) {
            throw KinesisErrors.invalidArgument(
                    "Encryption type " + type + " is not valid for " + action + ". The only valid value is KMS.");
        }
        lookup.syncQuietly();
        lookup.require(name);
        return new Change(name, keyId);
    }

    private void switchTo(String name, String type, String keyId) throws InterruptedException {
        updater.update(
                name,
                next -> {
                    StreamSettingsActions.requireActive(name, next.getStatus(), backend.accountId());
                    next.setEncryptionType(type).setKeyId(keyId).setStatus(StreamStatus.UPDATING);
                },
                lookup::notFound);
        reconciler.reconcile(name);
    }
}

package io.millrace.kms.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.Fields;
import io.millrace.schemas.kms.KmsKeyRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Automatic rotation (EnableKeyRotation with RotationPeriodInDays 90 to 2560, 365 by default), on-demand rotation
 * and their status. Each rotation adds a version of the key's material; see {@link KeyMaterials}.
 */
final class RotationActions {

    private static final Logger LOG = LoggerFactory.getLogger(RotationActions.class);

    private final Keys keys;
    private final KeyActions keyActions;
    private final KeyMaterials materials;
    private final Clock clock;

    RotationActions(Keys keys, KeyActions keyActions, KeyMaterials materials, Clock clock) {
        this.keys = keys;
        this.keyActions = keyActions;
        this.materials = materials;
        this.clock = clock;
    }

    JsonNode enable(AwsRequest request) throws InterruptedException {
        Integer period = Fields.integer(request.body(), "RotationPeriodInDays");
        int days = KmsRequests.range("RotationPeriodInDays", period == null ? 365 : period, 90, 2560);
        Instant next = clock.instant().plus(Duration.ofDays(days));
        KmsRequests.await(keyActions.update(KmsRequests.keyId(request.body()), current -> {
            KeyStates.usable(KeyStates.customerManaged(current, "EnableKeyRotation"));
            return KmsKeyRecord.newBuilder(current)
                    .setRotationEnabled(true)
                    .setRotationPeriodInDays(days)
                    .setNextRotationMillis(next.toEpochMilli())
                    .build();
        }));
        return KmsShapes.empty();
    }

    JsonNode disable(AwsRequest request) throws InterruptedException {
        KmsRequests.await(keyActions.update(KmsRequests.keyId(request.body()), current -> {
            KeyStates.usable(KeyStates.customerManaged(current, "DisableKeyRotation"));
            return KmsKeyRecord.newBuilder(current)
                    .setRotationEnabled(false)
                    .setNextRotationMillis(null)
                    .build();
        }));
        return KmsShapes.empty();
    }

    JsonNode status(AwsRequest request) {
        // Like DescribeKey, it answers for a disabled key or one pending deletion ("Key states of AWS KMS keys").
        KmsKeyRecord key = keys.resolve(KmsRequests.keyId(request.body()));
        ObjectNode answer = KmsShapes.NODES.objectNode();
        answer.put("KeyRotationEnabled", key.getRotationEnabled());
        answer.put("KeyId", key.getArn());
        if (key.getRotationEnabled()) {
            answer.put("RotationPeriodInDays", key.getRotationPeriodInDays());
            answer.putPOJO("NextRotationDate", Instant.ofEpochMilli(key.getNextRotationMillis()));
        }
        return answer;
    }

    /** RotateKeyOnDemand: a new version now, whether automatic rotation is on or not. */
    JsonNode rotateNow(AwsRequest request) throws InterruptedException {
        Instant now = clock.instant();
        KmsKeyRecord key = KmsRequests.await(keyActions.update(KmsRequests.keyId(request.body()), current -> {
            KeyStates.usable(KeyStates.customerManaged(current, "RotateKeyOnDemand"));
            return materials.rotated(current, now, true);
        }));
        LOG.info(
                "KMS key {} rotated on demand to version {}",
                key.getKeyId(),
                KeyMaterials.newest(key).getMaterialVersion());
        return KmsShapes.NODES.objectNode().put("KeyId", key.getArn());
    }

    /** Rotates {@code key} if its automatic rotation is due; run by the housekeeping of every gateway. */
    void rotateIfDue(KmsKeyRecord key) {
        Instant now = clock.instant();
        AtomicBoolean rotates = new AtomicBoolean();
        keys.store()
                .updateKey(key.getKeyId(), current -> {
                    if (current == null
                            || !current.getRotationEnabled()
                            || !current.getKeyState().equals(KeyStates.ENABLED)
                            || current.getNextRotationMillis() == null
                            || current.getNextRotationMillis() > now.toEpochMilli()) {
                        rotates.set(false);
                        return null;
                    }
                    rotates.set(true);
                    return KmsKeyRecord.newBuilder(materials.rotated(current, now, false))
                            .setNextRotationMillis(now.plus(Duration.ofDays(current.getRotationPeriodInDays()))
                                    .toEpochMilli())
                            .build();
                })
                .thenAccept(written -> {
                    // Logged by the gateway whose write won: the others found the rotation done on their retry.
                    if (rotates.get()) {
                        LOG.info(
                                "KMS key {} rotated automatically to version {}",
                                written.getKeyId(),
                                KeyMaterials.newest(written).getMaterialVersion());
                    }
                });
    }
}

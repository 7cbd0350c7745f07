package io.millrace.kms.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.Fields;
import io.millrace.kms.errors.KmsErrors;
import io.millrace.schemas.kms.KmsKeyRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** CreateKey, DescribeKey, ListKeys, the state changes of a key and its policy. */
final class KeyActions {

    private static final Logger LOG = LoggerFactory.getLogger(KeyActions.class);
    private static final Pattern KEY_ID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final Keys keys;
    private final KeyMaterials materials;
    private final Clock clock;

    KeyActions(Keys keys, KeyMaterials materials, Clock clock) {
        this.keys = keys;
        this.materials = materials;
        this.clock = clock;
    }

    JsonNode create(AwsRequest request) throws InterruptedException {
        JsonNode body = request.body();
        String description = KmsRequests.optional(body, "Description", 0, 8192);
        String usage = Fields.text(body, "KeyUsage");
        if (usage != null && !usage.equals("ENCRYPT_DECRYPT")) {
            throw KmsErrors.unsupported("KeyUsage " + usage + " is not supported by this endpoint: only symmetric"
                    + " encryption keys (ENCRYPT_DECRYPT) are.");
        }
        for (String member : List.of("KeySpec", "CustomerMasterKeySpec")) {
            String spec = Fields.text(body, member);
            if (spec != null && !spec.equals("SYMMETRIC_DEFAULT")) {
                throw KmsErrors.unsupported(
                        member + " " + spec + " is not supported by this endpoint: only" + " SYMMETRIC_DEFAULT is.");
            }
        }
        String origin = Fields.text(body, "Origin");
        if (origin != null && !origin.equals("AWS_KMS")) {
            throw KmsErrors.unsupported("Origin " + origin + " is not supported by this endpoint: only AWS_KMS is.");
        }
        if (Boolean.TRUE.equals(Fields.bool(body, "MultiRegion"))) {
            throw KmsErrors.unsupported("Multi-Region keys are not supported by this endpoint.");
        }
        if (Fields.text(body, "CustomKeyStoreId") != null) {
            throw KmsErrors.unsupported("Custom key stores are not supported by this endpoint.");
        }
        String policy = KmsRequests.optional(body, "Policy", 1, KeyPolicies.MAX_LENGTH);
        String validPolicy =
                policy == null ? KeyPolicies.defaultPolicy(keys.accountId()) : KeyPolicies.validated(policy);
        Map<String, String> tags = tags(body);
        KmsKeyRecord key =
                KmsRequests.await(createKey(description == null ? "" : description, "CUSTOMER", validPolicy, tags));
        LOG.info("KMS key {} created", key.getKeyId());
        ObjectNode answer = KmsShapes.NODES.objectNode();
        answer.set("KeyMetadata", KmsShapes.keyMetadata(key, keys.accountId()));
        return answer;
    }

    /** Writes a new enabled key with its first material; also how AWS-managed keys come to be. */
    java.util.concurrent.CompletableFuture<KmsKeyRecord> createKey(
            String description, String keyManager, String policy, Map<String, String> tags) {
        String keyId = UUID.randomUUID().toString();
        Instant now = clock.instant();
        KmsKeyRecord key = KmsKeyRecord.newBuilder()
                .setKeyId(keyId)
                .setArn(KmsArns.key(keys.region(), keys.accountId(), keyId))
                .setVersion(1L)
                .setCreatedAtMillis(now.toEpochMilli())
                .setDescription(description)
                .setKeyManager(keyManager)
                .setKeyState(KeyStates.ENABLED)
                // AWS rotates AWS-managed keys every year, and that cannot be turned off.
                .setRotationEnabled(keyManager.equals("AWS"))
                .setNextRotationMillis(
                        keyManager.equals("AWS")
                                ? now.plus(Duration.ofDays(365)).toEpochMilli()
                                : null)
                .setPolicy(policy)
                .setTags(tags)
                .setMaterials(List.of(materials.create(keyId, 1, now, false)))
                .build();
        return keys.store().updateKey(keyId, current -> {
            if (current != null) {
                throw KmsErrors.internal("Key id " + keyId + " was drawn twice");
            }
            return key;
        });
    }

    JsonNode describe(AwsRequest request) {
        KmsKeyRecord key = keys.resolve(KmsRequests.keyId(request.body()));
        ObjectNode answer = KmsShapes.NODES.objectNode();
        answer.set("KeyMetadata", KmsShapes.keyMetadata(key, keys.accountId()));
        return answer;
    }

    /** Keys in key id order; the marker is the last key id answered. */
    JsonNode list(AwsRequest request) {
        int limit = KmsRequests.limit(request.body(), 1000);
        String marker = KmsRequests.optional(request.body(), "Marker", 1, 1024);
        if (marker != null && !KEY_ID.matcher(marker).matches()) {
            throw KmsErrors.invalidMarker();
        }
        ObjectNode answer = KmsShapes.NODES.objectNode();
        ArrayNode entries = answer.putArray("Keys");
        String last = null;
        boolean truncated = false;
        for (KmsKeyRecord key : keys.store().keys()) {
            if (marker != null && key.getKeyId().compareTo(marker) <= 0) {
                continue;
            }
            if (entries.size() == limit) {
                truncated = true;
                break;
            }
            entries.addObject().put("KeyId", key.getKeyId()).put("KeyArn", key.getArn());
            last = key.getKeyId();
        }
        answer.put("Truncated", truncated);
        if (truncated) {
            answer.put("NextMarker", last);
        }
        return answer;
    }

    JsonNode enable(AwsRequest request) throws InterruptedException {
        return change(request, key -> {
            KeyStates.customerManaged(KeyStates.notPendingDeletion(key), "EnableKey");
            return key.getKeyState().equals(KeyStates.ENABLED) ? null : withState(key, KeyStates.ENABLED);
        });
    }

    JsonNode disable(AwsRequest request) throws InterruptedException {
        return change(request, key -> {
            KeyStates.customerManaged(KeyStates.notPendingDeletion(key), "DisableKey");
            return key.getKeyState().equals(KeyStates.DISABLED) ? null : withState(key, KeyStates.DISABLED);
        });
    }

    /** PendingWindowInDays 7 to 30, 30 by default; the key is deleted once the date passes. */
    JsonNode scheduleDeletion(AwsRequest request) throws InterruptedException {
        Integer window = Fields.integer(request.body(), "PendingWindowInDays");
        int days = KmsRequests.range("PendingWindowInDays", window == null ? 30 : window, 7, 30);
        Instant due = clock.instant().plus(Duration.ofDays(days));
        KmsKeyRecord key = KmsRequests.await(update(KmsRequests.keyId(request.body()), current -> {
            KeyStates.customerManaged(KeyStates.notPendingDeletion(current), "ScheduleKeyDeletion");
            return KmsKeyRecord.newBuilder(current)
                    .setKeyState(KeyStates.PENDING_DELETION)
                    .setDeletionDateMillis(due.toEpochMilli())
                    .setPendingWindowInDays(days)
                    .build();
        }));
        LOG.info("KMS key {} scheduled for deletion on {}", key.getKeyId(), due);
        ObjectNode answer = KmsShapes.NODES.objectNode();
        answer.put("KeyId", key.getArn());
        answer.putPOJO("DeletionDate", Instant.ofEpochMilli(key.getDeletionDateMillis()));
        answer.put("KeyState", key.getKeyState());
        answer.put("PendingWindowInDays", days);
        return answer;
    }

    /** The key comes back Disabled, as in AWS ("Deleting AWS KMS keys": "the key state is Disabled"). */
    JsonNode cancelDeletion(AwsRequest request) throws InterruptedException {
        KmsKeyRecord key = KmsRequests.await(update(KmsRequests.keyId(request.body()), current -> {
            if (!current.getKeyState().equals(KeyStates.PENDING_DELETION)) {
                throw KmsErrors.invalidState(current.getArn() + " is not pending deletion.");
            }
            return KmsKeyRecord.newBuilder(withState(current, KeyStates.DISABLED))
                    .setDeletionDateMillis(null)
                    .setPendingWindowInDays(null)
                    .build();
        }));
        LOG.info("KMS key {} deletion cancelled", key.getKeyId());
        return KmsShapes.NODES.objectNode().put("KeyId", key.getArn());
    }

    JsonNode getPolicy(AwsRequest request) {
        KmsKeyRecord key = keys.resolve(KmsRequests.keyId(request.body()));
        policyName(request.body());
        return KmsShapes.NODES.objectNode().put("Policy", key.getPolicy()).put("PolicyName", "default");
    }

    JsonNode putPolicy(AwsRequest request) throws InterruptedException {
        String keyId = KmsRequests.keyId(request.body());
        policyName(request.body());
        String policy = KeyPolicies.validated(KmsRequests.required(request.body(), "Policy", KeyPolicies.MAX_LENGTH));
        KmsRequests.await(update(keyId, current -> {
            KeyStates.customerManaged(KeyStates.notPendingDeletion(current), "PutKeyPolicy");
            return policy.equals(current.getPolicy())
                    ? null
                    : KmsKeyRecord.newBuilder(current).setPolicy(policy).build();
        }));
        return KmsShapes.empty();
    }

    JsonNode listPolicies(AwsRequest request) {
        keys.resolve(KmsRequests.keyId(request.body()));
        ObjectNode answer = KmsShapes.NODES.objectNode();
        answer.putArray("PolicyNames").add("default");
        answer.put("Truncated", false);
        return answer;
    }

    /** Every key has one policy, named "default", and no other name is valid ("PolicyName": "default"). */
    private static void policyName(JsonNode body) {
        String name = Fields.text(body, "PolicyName");
        if (name != null && !name.equals("default")) {
            throw KmsErrors.notFound("No such policy exists");
        }
    }

    private JsonNode change(AwsRequest request, UnaryOperator<KmsKeyRecord> change) throws InterruptedException {
        KmsKeyRecord key = KmsRequests.await(update(KmsRequests.keyId(request.body()), change));
        LOG.info("KMS key {} is {}", key.getKeyId(), key.getKeyState());
        return KmsShapes.empty();
    }

    /** A change of the key {@code keyId} names, refused as NotFoundException when it is gone meanwhile. */
    java.util.concurrent.CompletableFuture<KmsKeyRecord> update(String keyId, UnaryOperator<KmsKeyRecord> change) {
        KmsKeyRecord key = keys.resolve(keyId);
        return keys.store().updateKey(key.getKeyId(), current -> {
            if (current == null) {
                throw KmsErrors.keyNotFound(key.getArn());
            }
            return change.apply(current);
        });
    }

    private static KmsKeyRecord withState(KmsKeyRecord key, String state) {
        return KmsKeyRecord.newBuilder(key).setKeyState(state).build();
    }

    static Map<String, String> tags(JsonNode body) {
        JsonNode list = Fields.array(body, "Tags");
        Map<String, String> tags = new LinkedHashMap<>();
        if (list == null) {
            return tags;
        }
        if (list.size() > 50) {
            throw KmsErrors.tag("Too many tags: a key has at most 50.");
        }
        for (JsonNode tag : list) {
            String key = KmsRequests.required(tag, "TagKey", 128);
            String value = Fields.text(tag, "TagValue");
            if (value == null) {
                throw KmsErrors.validation("1 validation error detected: Value null at 'tags.member.tagValue'"
                        + " failed to satisfy constraint: Member must not be null");
            }
            tags.put(key, KmsRequests.length("TagValue", value, 0, 256));
        }
        return tags;
    }
}

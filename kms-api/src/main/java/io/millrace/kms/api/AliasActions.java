package io.millrace.kms.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.kms.errors.KmsErrors;
import io.millrace.schemas.kms.KmsAliasRecord;
import io.millrace.schemas.kms.KmsKeyRecord;
import java.time.Clock;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CreateAlias, DeleteAlias, UpdateAlias and ListAliases. An alias name is {@code alias/} and then letters, digits,
 * {@code /_-}; {@code alias/aws/} is AWS's, for its managed keys ("CreateAlias": "The AliasName value must be
 * string of 1-256 characters. It can contain only alphanumeric characters, forward slashes (/), underscores (_),
 * and dashes (-). The alias name cannot begin with alias/aws/").
 */
final class AliasActions {

    private static final Logger LOG = LoggerFactory.getLogger(AliasActions.class);
    private static final Pattern NAME = Pattern.compile("alias/[a-zA-Z0-9/_-]+");
    static final String AWS_PREFIX = "alias/aws/";

    private final Keys keys;
    private final Clock clock;

    AliasActions(Keys keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    JsonNode create(AwsRequest request) throws InterruptedException {
        String name = customerAliasName(request.body());
        KmsKeyRecord target = targetOf(request.body());
        KmsRequests.await(write(name, target, false));
        LOG.info("KMS alias {} created for key {}", name, target.getKeyId());
        return KmsShapes.empty();
    }

    /** Points an existing alias at another customer managed key. */
    JsonNode update(AwsRequest request) throws InterruptedException {
        String name = customerAliasName(request.body());
        KmsKeyRecord target = targetOf(request.body());
        KmsRequests.await(keys.store().updateAlias(name, current -> {
            if (current == null) {
                throw KmsErrors.aliasNotFound(arn(name));
            }
            return KmsAliasRecord.newBuilder(current)
                    .setTargetKeyId(target.getKeyId())
                    .setLastUpdatedMillis(clock.millis())
                    .build();
        }));
        return KmsShapes.empty();
    }

    JsonNode delete(AwsRequest request) throws InterruptedException {
        String name = customerAliasName(request.body());
        KmsAliasRecord alias = keys.store().alias(name).orElseThrow(() -> KmsErrors.aliasNotFound(arn(name)));
        KmsRequests.await(keys.store().removeAlias(alias));
        LOG.info("KMS alias {} deleted", name);
        return KmsShapes.empty();
    }

    /** Aliases in name order, of one key when KeyId is given; the marker is the last alias name answered. */
    JsonNode list(AwsRequest request) {
        int limit = KmsRequests.limit(request.body(), 100);
        String marker = KmsRequests.optional(request.body(), "Marker", 1, 320);
        if (marker != null && !NAME.matcher(marker).matches()) {
            throw KmsErrors.invalidMarker();
        }
        String keyId = KmsRequests.optional(request.body(), "KeyId", 1, 2048);
        String only = null;
        if (keyId != null) {
            if (keyId.startsWith("alias/") || keyId.contains(":alias/")) {
                throw KmsErrors.invalidArn("Alias is not a valid KeyId for ListAliases: " + keyId);
            }
            only = keys.resolve(keyId).getKeyId();
        }
        ObjectNode answer = KmsShapes.NODES.objectNode();
        ArrayNode entries = answer.putArray("Aliases");
        String last = null;
        boolean truncated = false;
        for (KmsAliasRecord alias : keys.store().aliases()) {
            if ((marker != null && alias.getAliasName().compareTo(marker) <= 0)
                    || (only != null && !only.equals(alias.getTargetKeyId()))) {
                continue;
            }
            if (entries.size() == limit) {
                truncated = true;
                break;
            }
            entries.add(KmsShapes.aliasEntry(alias));
            last = alias.getAliasName();
        }
        answer.put("Truncated", truncated);
        if (truncated) {
            answer.put("NextMarker", last);
        }
        return answer;
    }

    /** Writes alias {@code name} for {@code target} if it does not exist; {@code awsManaged} allows alias/aws/. */
    java.util.concurrent.CompletableFuture<KmsAliasRecord> write(String name, KmsKeyRecord target, boolean awsManaged) {
        long now = clock.millis();
        return keys.store().updateAlias(name, current -> {
            if (current != null) {
                throw KmsErrors.aliasExists(arn(name));
            }
            return KmsAliasRecord.newBuilder()
                    .setAliasName(name)
                    .setArn(arn(name))
                    .setTargetKeyId(target.getKeyId())
                    .setVersion(1L)
                    .setCreatedAtMillis(now)
                    .setLastUpdatedMillis(now)
                    .build();
        });
    }

    private KmsKeyRecord targetOf(JsonNode body) {
        String targetKeyId = KmsRequests.required(body, "TargetKeyId", 2048);
        if (targetKeyId.startsWith("alias/") || targetKeyId.contains(":alias/")) {
            throw KmsErrors.validation("Aliases must refer to keys. Not aliases");
        }
        KmsKeyRecord target = KeyStates.notPendingDeletion(keys.resolve(targetKeyId));
        if (target.getKeyManager().equals("AWS")) {
            throw KmsErrors.unsupported("An alias cannot refer to an AWS managed key: " + target.getArn());
        }
        return target;
    }

    private static String customerAliasName(JsonNode body) {
        String name = KmsRequests.required(body, "AliasName", 256);
        if (!NAME.matcher(name).matches()) {
            throw KmsErrors.validation("1 validation error detected: Value '" + name
                    + "' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression"
                    + " pattern: ^alias/[a-zA-Z0-9/_-]+$");
        }
        if (name.startsWith(AWS_PREFIX)) {
            throw KmsErrors.invalidAliasName("Alias must not begin with '" + AWS_PREFIX + "'");
        }
        return name;
    }

    private String arn(String name) {
        return KmsArns.alias(keys.region(), keys.accountId(), name);
    }
}

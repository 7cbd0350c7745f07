package io.millrace.kms.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.gateway.access.AccessRequest;
import io.millrace.gateway.protocol.AccessResolver;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.Fields;
import io.millrace.kms.crypto.CiphertextBlob;
import java.util.List;
import java.util.Set;

/**
 * The resource each KMS action acts on, as AWS's service authorization reference for KMS lists it: the key (its
 * ARN, whatever form the request names it by) for the key actions; the alias and its key for the alias actions;
 * the key the ciphertext names for Decrypt without KeyId; {@code kms:ReEncryptFrom} on the source and
 * {@code kms:ReEncryptTo} on the destination for ReEncrypt. CreateKey, ListKeys and ListAliases act on {@code *}.
 */
final class KmsAccess implements AccessResolver {

    private static final Set<String> ON_ANY_RESOURCE = Set.of("CreateKey", "ListKeys", "ListAliases");

    private final Keys keys;

    KmsAccess(Keys keys) {
        this.keys = keys;
    }

    @Override
    public List<AccessRequest> accessOf(AwsRequest request) {
        String action = request.action();
        if (ON_ANY_RESOURCE.contains(action)) {
            return null;
        }
        JsonNode body = request.body();
        return switch (action) {
            case "CreateAlias", "UpdateAlias", "DeleteAlias" -> aliasAccess(action, body);
            case "Decrypt" ->
                keyOrBlob(body, "KeyId")
                        .map(arn -> List.of(of("kms:Decrypt", arn)))
                        .orElse(null);
            case "ReEncrypt" -> reEncryptAccess(body);
            default -> {
                String keyId = text(body, "KeyId");
                yield keyId == null ? null : List.of(of("kms:" + action, keys.arnOf(keyId)));
            }
        };
    }

    private List<AccessRequest> aliasAccess(String action, JsonNode body) {
        String aliasName = text(body, "AliasName");
        if (aliasName == null) {
            return null;
        }
        String aliasArn = KmsArns.alias(keys.region(), keys.accountId(), aliasName);
        String target = text(body, "TargetKeyId");
        if (target == null) {
            target = keys.store()
                    .alias(aliasName)
                    .map(alias -> alias.getTargetKeyId())
                    .orElse(null);
        }
        return target == null
                ? List.of(of("kms:" + action, aliasArn))
                : List.of(of("kms:" + action, aliasArn), of("kms:" + action, keys.arnOf(target)));
    }

    private List<AccessRequest> reEncryptAccess(JsonNode body) {
        String destination = text(body, "DestinationKeyId");
        java.util.Optional<String> source = keyOrBlob(body, "SourceKeyId");
        if (destination == null || source.isEmpty()) {
            return null;
        }
        return List.of(of("kms:ReEncryptFrom", source.get()), of("kms:ReEncryptTo", keys.arnOf(destination)));
    }

    /** The key {@code member} names, else the key the CiphertextBlob names. */
    private java.util.Optional<String> keyOrBlob(JsonNode body, String member) {
        String keyId = text(body, member);
        if (keyId != null) {
            return java.util.Optional.of(keys.arnOf(keyId));
        }
        byte[] blob;
        try {
            blob = Fields.blob(body, "CiphertextBlob");
        } catch (RuntimeException malformed) {
            return java.util.Optional.empty();
        }
        return CiphertextBlob.parse(blob)
                .map(parsed -> keys.arnOf(parsed.keyId().toString()));
    }

    private static AccessRequest of(String action, String resource) {
        return AccessRequest.of(action, resource);
    }

    private static String text(JsonNode body, String member) {
        JsonNode node = body.get(member);
        return node != null && node.isTextual() ? node.textValue() : null;
    }
}

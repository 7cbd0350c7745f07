package io.millrace.kms.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.schemas.kms.KmsAliasRecord;
import io.millrace.schemas.kms.KmsKeyRecord;
import java.time.Instant;

/** The answers' shapes, as botocore's model names their members. */
final class KmsShapes {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private KmsShapes() {}

    /** KeyMetadata as AWS describes a symmetric encryption key. */
    static ObjectNode keyMetadata(KmsKeyRecord key, String accountId) {
        ObjectNode metadata = NODES.objectNode();
        metadata.put("AWSAccountId", accountId);
        metadata.put("KeyId", key.getKeyId());
        metadata.put("Arn", key.getArn());
        metadata.putPOJO("CreationDate", Instant.ofEpochMilli(key.getCreatedAtMillis()));
        metadata.put("Enabled", key.getKeyState().equals(KeyStates.ENABLED));
        metadata.put("Description", key.getDescription());
        metadata.put("KeyUsage", "ENCRYPT_DECRYPT");
        metadata.put("KeyState", key.getKeyState());
        if (key.getDeletionDateMillis() != null) {
            metadata.putPOJO("DeletionDate", Instant.ofEpochMilli(key.getDeletionDateMillis()));
        }
        metadata.put("Origin", "AWS_KMS");
        metadata.put("KeyManager", key.getKeyManager());
        metadata.put("CustomerMasterKeySpec", "SYMMETRIC_DEFAULT");
        metadata.put("KeySpec", "SYMMETRIC_DEFAULT");
        metadata.putArray("EncryptionAlgorithms").add("SYMMETRIC_DEFAULT");
        metadata.put("MultiRegion", false);
        if (key.getPendingWindowInDays() != null) {
            metadata.put("PendingDeletionWindowInDays", key.getPendingWindowInDays());
        }
        return metadata;
    }

    static ObjectNode aliasEntry(KmsAliasRecord alias) {
        ObjectNode entry = NODES.objectNode();
        entry.put("AliasName", alias.getAliasName());
        entry.put("AliasArn", alias.getArn());
        entry.put("TargetKeyId", alias.getTargetKeyId());
        entry.putPOJO("CreationDate", Instant.ofEpochMilli(alias.getCreatedAtMillis()));
        entry.putPOJO("LastUpdatedDate", Instant.ofEpochMilli(alias.getLastUpdatedMillis()));
        return entry;
    }

    /** The answer of the actions that answer nothing (EnableKey, CreateAlias...). */
    static ObjectNode empty() {
        return NODES.objectNode();
    }
}

package io.millrace.kms.api;

import io.millrace.kms.errors.KmsErrors;
import io.millrace.kms.store.KmsStore;
import io.millrace.schemas.kms.KmsAliasRecord;
import io.millrace.schemas.kms.KmsKeyRecord;
import java.util.Optional;

/**
 * Finds the key a request names in any form AWS accepts: key id, key ARN, alias name ({@code alias/...}) or alias
 * ARN. A name that finds nothing is NotFoundException, in KMS's words.
 */
public final class Keys {

    private final KmsStore store;
    private final String region;
    private final String accountId;

    public Keys(KmsStore store, String region, String accountId) {
        this.store = store;
        this.region = region;
        this.accountId = accountId;
    }

    public KmsStore store() {
        return store;
    }

    public String region() {
        return region;
    }

    public String accountId() {
        return accountId;
    }

    /** @throws io.millrace.gateway.protocol.ApiException NotFoundException when nothing answers to {@code keyId} */
    public KmsKeyRecord resolve(String keyId) {
        return find(keyId).orElseThrow(() -> notFound(keyId));
    }

    public Optional<KmsKeyRecord> find(String keyId) {
        String name = KmsArns.resource(keyId).orElse(keyId);
        if (name.startsWith("alias/")) {
            return store.alias(name).map(KmsAliasRecord::getTargetKeyId).flatMap(store::key);
        }
        if (name.startsWith("key/")) {
            return store.key(name.substring("key/".length()))
                    .filter(key -> key.getArn().equals(keyId));
        }
        return store.key(name);
    }

    /** The ARN of the resource {@code keyId} names, whether or not it exists, for the permission check. */
    public String arnOf(String keyId) {
        Optional<KmsKeyRecord> key = find(keyId);
        if (key.isPresent()) {
            return key.get().getArn();
        }
        if (keyId.startsWith("arn:")) {
            return keyId;
        }
        return keyId.startsWith("alias/")
                ? KmsArns.alias(region, accountId, keyId)
                : KmsArns.key(region, accountId, keyId);
    }

    private java.lang.RuntimeException notFound(String keyId) {
        String name = KmsArns.resource(keyId).orElse(keyId);
        if (name.startsWith("alias/")) {
            return KmsErrors.aliasNotFound(keyId.startsWith("arn:") ? keyId : KmsArns.alias(region, accountId, name));
        }
        return KmsErrors.keyNotFound(keyId.startsWith("arn:") ? keyId : KmsArns.key(region, accountId, keyId));
    }
}

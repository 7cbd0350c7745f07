package io.millrace.kms.api;

import io.millrace.kms.errors.KmsErrors;
import io.millrace.schemas.kms.KmsAliasRecord;
import io.millrace.schemas.kms.KmsKeyRecord;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AWS-managed keys of the services on this platform, {@code alias/aws/kinesis} and {@code alias/aws/firehose},
 * created on first use as AWS does ("AWS managed keys": "created ... when you first use the service's default key").
 * Two gateways that race to create one both create a key, and the alias that wins names the only one used.
 */
public final class ManagedKeys {

    private static final Logger LOG = LoggerFactory.getLogger(ManagedKeys.class);
    private static final Set<String> SERVICES = Set.of("kinesis", "firehose");

    private final Keys keys;
    private final KeyActions keyActions;
    private final AliasActions aliasActions;

    ManagedKeys(Keys keys, KeyActions keyActions, AliasActions aliasActions) {
        this.keys = keys;
        this.keyActions = keyActions;
        this.aliasActions = aliasActions;
    }

    /**
     * The key behind {@code alias} ({@code aws/kinesis} or {@code alias/aws/kinesis}), created now if it is the
     * first use; blocks while it is written.
     *
     * @throws IllegalArgumentException for an alias that is not one of these services' managed keys
     */
    public KmsKeyRecord key(String alias) throws InterruptedException {
        String name = alias.startsWith("alias/") ? alias : "alias/" + alias;
        String service = name.substring(AliasActions.AWS_PREFIX.length());
        if (!name.startsWith(AliasActions.AWS_PREFIX) || !SERVICES.contains(service)) {
            throw new IllegalArgumentException("Not an AWS managed key of this platform: " + alias);
        }
        Optional<KmsKeyRecord> existing = existing(name);
        if (existing.isPresent()) {
            return existing.get();
        }
        KmsKeyRecord created = KmsRequests.await(keyActions.createKey(
                "Default key that protects my " + (service.equals("kinesis") ? "Kinesis" : "Firehose")
                        + " data when no other key is defined",
                "AWS",
                KeyPolicies.awsManagedPolicy(keys.accountId(), service, keys.region()),
                Map.of()));
        try {
            KmsAliasRecord alias1 = aliasActions.write(name, created, true).get(30, TimeUnit.SECONDS);
            LOG.info("AWS managed key {} created for {}", created.getKeyId(), alias1.getAliasName());
            return created;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            Throwable cause =
                    e.getCause() instanceof CompletionException ? e.getCause().getCause() : e.getCause();
            // Another gateway's alias won: its key is the managed key; ours is never named and stays unused.
            return existing(name)
                    .orElseThrow(() -> KmsErrors.internal("Cannot create the AWS managed key " + name + ": "
                            + (cause == null ? e : cause).getMessage()));
        }
    }

    private Optional<KmsKeyRecord> existing(String name) {
        return keys.store().alias(name).map(KmsAliasRecord::getTargetKeyId).flatMap(keys.store()::key);
    }
}

package io.millrace.kms.store;

import io.millrace.gateway.store.NamedRecordFormat;
import io.millrace.gateway.store.VersionedStore;
import io.millrace.gateway.store.VersionedTopic;
import io.millrace.schemas.MetadataDecoders;
import io.millrace.schemas.kms.KmsAliasRecord;
import io.millrace.schemas.kms.KmsKeyRecord;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/**
 * Keys and aliases in one compacted topic that every gateway tails, kept in memory: keys {@code key/<key id>} and
 * {@code alias/<alias name>}. A write is a compare-and-set on the record's version that completes once this
 * gateway has applied it.
 */
public final class KmsStore {

    private final VersionedTopic topic;
    private final NamedRecordFormat<KmsKeyRecord> keyFormat;
    private final NamedRecordFormat<KmsAliasRecord> aliasFormat;
    private final VersionedStore<KmsKeyRecord> keys;
    private final VersionedStore<KmsAliasRecord> aliases;

    /** Adds the KMS key spaces to {@code topic}; start the topic afterwards. */
    public KmsStore(VersionedTopic topic) {
        this.topic = topic;
        this.keyFormat = new NamedRecordFormat<>(
                "key/",
                KmsKeyRecord::toByteBuffer,
                MetadataDecoders::kmsKey,
                KmsKeyRecord::getKeyId,
                KmsKeyRecord::getVersion,
                KmsKeyRecord::getKeyId);
        this.aliasFormat = new NamedRecordFormat<>(
                "alias/",
                KmsAliasRecord::toByteBuffer,
                MetadataDecoders::kmsAlias,
                alias -> alias.getAliasName().substring("alias/".length()),
                KmsAliasRecord::getVersion,
                alias -> null);
        this.keys = topic.keySpace(keyFormat);
        this.aliases = topic.keySpace(aliasFormat);
    }

    public Optional<KmsKeyRecord> key(String keyId) {
        return keys.get(keyFormat.key(keyId));
    }

    /** In key id order. */
    public Collection<KmsKeyRecord> keys() {
        return keys.values();
    }

    /** {@code aliasName} with its {@code alias/} prefix. */
    public Optional<KmsAliasRecord> alias(String aliasName) {
        return aliasName.startsWith("alias/")
                ? aliases.get(aliasFormat.key(aliasName.substring("alias/".length())))
                : Optional.empty();
    }

    /** In alias name order. */
    public Collection<KmsAliasRecord> aliases() {
        return aliases.values();
    }

    /**
     * Applies {@code change} to the key's current state (null when there is none) and writes the result with the
     * next version; {@code change} may throw to refuse, or return null to write nothing.
     */
    public CompletableFuture<KmsKeyRecord> updateKey(String keyId, UnaryOperator<KmsKeyRecord> change) {
        return keys.update(keyFormat.key(keyId), current -> {
            KmsKeyRecord next = change.apply(current);
            return next == null
                    ? null
                    : KmsKeyRecord.newBuilder(next)
                            .setVersion(current == null ? 1L : current.getVersion() + 1)
                            .build();
        });
    }

    public CompletableFuture<KmsAliasRecord> updateAlias(String aliasName, UnaryOperator<KmsAliasRecord> change) {
        return aliases.update(aliasFormat.key(aliasName.substring("alias/".length())), current -> {
            KmsAliasRecord next = change.apply(current);
            return next == null
                    ? null
                    : KmsAliasRecord.newBuilder(next)
                            .setVersion(current == null ? 1L : current.getVersion() + 1)
                            .build();
        });
    }

    /** Removes the key for good (a tombstone naming its id). */
    public CompletableFuture<Void> removeKey(KmsKeyRecord current) {
        return keys.remove(keyFormat.key(current.getKeyId()), current);
    }

    public CompletableFuture<Void> removeAlias(KmsAliasRecord current) {
        return aliases.remove(aliasFormat.key(current.getAliasName().substring("alias/".length())), current);
    }

    /** Completes once this gateway has applied everything in the topic at the time of the call. */
    public CompletableFuture<Void> sync() {
        return topic.sync();
    }

    /** Re-publishes records whose last write lost a compare-and-set, so that compaction keeps the winner. */
    public void repair() {
        keys.repair();
        aliases.repair();
    }
}

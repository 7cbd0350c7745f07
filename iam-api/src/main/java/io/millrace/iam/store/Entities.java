package io.millrace.iam.store;

import io.millrace.gateway.store.NamedRecordFormat;
import io.millrace.gateway.store.VersionedStore;
import io.millrace.gateway.store.VersionedTopic;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * One kind of IAM entity (users, roles or managed policies) in the IAM topic: key {@code <prefix><lower-case
 * name>}, since IAM names are unique without regard to case ("IAM object quotas": "names are not distinguished by
 * case"), and a lookup by any case finds the entity. A write is a compare-and-set on the record's version that
 * completes once this gateway has applied it.
 */
public final class Entities<V> {

    private final NamedRecordFormat<V> format;
    private final VersionedStore<V> store;
    private final BiFunction<V, Long, V> withVersion;

    Entities(
            VersionedTopic topic,
            String keyPrefix,
            NamedRecordFormat.Encoder<V> encoder,
            NamedRecordFormat.Decoder<V> decoder,
            Function<V, String> name,
            Function<V, Long> version,
            Function<V, String> incarnation,
            BiFunction<V, Long, V> withVersion) {
        this.format = new NamedRecordFormat<>(
                keyPrefix, encoder, decoder, value -> fold(name.apply(value)), version::apply, incarnation);
        this.store = topic.keySpace(format);
        this.withVersion = withVersion;
    }

    static String fold(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    public Optional<V> get(String name) {
        return store.get(format.key(fold(name)));
    }

    /** In the order of their lower-case names. */
    public Collection<V> all() {
        return store.values();
    }

    /**
     * Applies {@code change} to the current state (null when there is none of that name) and writes the result
     * with the next version; {@code change} may throw to refuse, or return null to write nothing.
     */
    public CompletableFuture<V> update(String name, UnaryOperator<V> change) {
        return store.update(format.key(fold(name)), current -> {
            V next = change.apply(current);
            if (next == null) {
                return null;
            }
            return withVersion.apply(next, current == null ? 1L : format.version(current) + 1);
        });
    }

    /** Removes {@code current} for good (a tombstone naming its unique id). */
    public CompletableFuture<Void> remove(V current, String name) {
        return store.remove(format.key(fold(name)), current);
    }

    /** Calls {@code listener} with the lower-case name of every entity changed, on the topic's tail thread. */
    void onChange(java.util.function.Consumer<String> listener) {
        store.view().onChange(key -> listener.accept(format.name(key)));
    }

    void repair() {
        store.repair();
    }
}

package io.millrace.iam.api;

import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.store.VersionConflictException;
import io.millrace.iam.documents.PolicyDocumentValidator;
import io.millrace.iam.errors.IamErrors;
import io.millrace.iam.query.QueryFields;
import io.millrace.iam.store.Entities;
import io.millrace.iam.store.IamStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What every IAM action needs: the store, the account, the request reader and the policy validator. */
final class IamContext {

    private static final Logger LOG = LoggerFactory.getLogger(IamContext.class);

    final IamStore store;
    final String accountId;
    final QueryFields fields = new QueryFields(IamErrors::validation);
    final PolicyDocumentValidator validator;

    IamContext(IamStore store, String accountId, PolicyDocumentValidator validator) {
        this.store = store;
        this.accountId = accountId;
        this.validator = validator;
    }

    /**
     * The entity {@code name}, or {@code notFound} once this gateway has applied everything in the log: a refusal
     * is never made on a view that another gateway's write has not reached yet.
     */
    <V> CompletableFuture<V> existing(Entities<V> entities, String name, Supplier<ApiException> notFound) {
        Optional<V> found = entities.get(name);
        if (found.isPresent()) {
            return CompletableFuture.completedFuture(found.get());
        }
        return store.sync().thenApply(synced -> entities.get(name).orElseThrow(notFound));
    }

    /** A write, after this gateway has caught up with the log, with a lost race told as IAM tells it. */
    <T> CompletableFuture<T> write(Supplier<CompletableFuture<T>> write) {
        return withIamErrors(store.sync().thenCompose(synced -> write.get()));
    }

    /**
     * Removes the entity {@code name} once {@code conflicts} finds nothing left that depends on it (it throws IAM's
     * DeleteConflict otherwise), deciding on a view caught up with the log.
     */
    <V> CompletableFuture<V> delete(
            Entities<V> entities,
            String name,
            Supplier<ApiException> notFound,
            Consumer<V> conflicts,
            Function<V, String> storedName) {
        return write(() -> existing(entities, name, notFound).thenCompose(entity -> {
            conflicts.accept(entity);
            return entities.remove(entity, storedName.apply(entity)).thenApply(removed -> entity);
        }));
    }

    /** IAM's refusal to delete a user or role that still has policies, naming the first to remove. */
    static void requireNoPolicies(Map<String, String> inline, List<String> attached) {
        if (!inline.isEmpty()) {
            throw IamErrors.deleteConflict("Cannot delete entity, must delete policies first.");
        }
        if (!attached.isEmpty()) {
            throw IamErrors.deleteConflict("Cannot delete entity, must detach all policies first.");
        }
    }

    void checkDocument(String document, PolicyDocumentValidator.Kind kind) {
        validator.problem(document, kind).ifPresent(problem -> {
            throw IamErrors.malformedPolicyDocument(problem);
        });
    }

    static <T> CompletableFuture<T> withIamErrors(CompletableFuture<T> write) {
        return write.exceptionally(error -> {
            Throwable cause =
                    error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof VersionConflictException) {
                throw IamErrors.concurrentModification();
            }
            if (cause instanceof ApiException api) {
                throw api;
            }
            // Kafka did not take the write in time: IAM's own 500, which the SDKs retry.
            LOG.warn("An IAM write failed: {}", cause.toString());
            throw IamErrors.serviceFailure("The request processing has failed because of an unknown error.");
        });
    }
}

package io.millrace.cloudtrail.api;

import io.millrace.cloudtrail.errors.CloudTrailErrors;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.store.VersionConflictException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for a write of the trail store, answering a refusal (an ApiException of the change) as it was thrown. */
final class TrailWrites {

    private TrailWrites() {}

    static <T> T await(CompletableFuture<T> write) throws InterruptedException {
        try {
            return write.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause =
                    e.getCause() instanceof CompletionException ? e.getCause().getCause() : e.getCause();
            if (cause instanceof ApiException api) {
                throw api;
            }
            if (cause instanceof VersionConflictException) {
                throw CloudTrailErrors.conflict("The trail changed concurrently too often; try again.");
            }
            throw new IllegalStateException("The trail store failed", cause);
        } catch (TimeoutException e) {
            throw new IllegalStateException("The trail store did not answer within 30 s", e);
        }
    }
}

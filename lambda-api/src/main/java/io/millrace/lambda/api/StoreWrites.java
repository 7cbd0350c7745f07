package io.millrace.lambda.api;

import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.store.VersionConflictException;
import io.millrace.lambda.errors.LambdaErrors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for a write of the store, on an action's executor; the refusal a change threw is the caller's answer. */
final class StoreWrites {

    /** A write not applied within this long is answered as our failure rather than left hanging. */
    private static final long TIMEOUT_SECONDS = 30;

    private StoreWrites() {}

    static <T> T await(CompletableFuture<T> write) throws InterruptedException {
        try {
            return write.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ApiException api) {
                throw api;
            }
            if (cause instanceof VersionConflictException) {
                throw LambdaErrors.conflict("The operation cannot be performed at this time: another change of the"
                        + " resource is in progress.");
            }
            throw LambdaErrors.serviceException("The change could not be stored: " + cause);
        } catch (TimeoutException e) {
            throw LambdaErrors.serviceException("The change was not stored within " + TIMEOUT_SECONDS + " seconds.");
        }
    }
}

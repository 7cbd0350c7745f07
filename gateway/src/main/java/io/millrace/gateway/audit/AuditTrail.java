package io.millrace.gateway.audit;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where the gateway records each call before it answers it. {@link #record} is called on the I/O thread that
 * serves the request, so it must not block: it returns a stage that completes once the record is durable (or
 * deliberately dropped, for a call the trail does not keep), and the gateway sends the answer only then. A stage that
 * fails makes the gateway answer InternalFailure instead of the result: a caller is never told of a success that the
 * trail does not hold.
 */
@FunctionalInterface
public interface AuditTrail {

    /** Records nothing: the gateway answers at once. */
    AuditTrail NONE = call -> CompletableFuture.completedFuture(null);

    CompletionStage<Void> record(ApiCall call);
}

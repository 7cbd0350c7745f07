package io.millrace.gateway.route;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.gateway.access.AuthMode;
import io.millrace.gateway.access.Principal;
import io.millrace.gateway.access.RequestContext;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * What the gateway lends an {@link HttpRoute}: checking a key pair against the keys it knows, and calling any AWS
 * action it hosts in-process, as a principal, through the same authorizer and handlers as a signed call over the
 * wire. Inputs and outputs are trees as the AWS JSON protocol carries them (blobs in base64, timestamps in epoch
 * seconds).
 */
public interface GatewayCalls {

    /** Open mode takes any caller as {@link #openModeCaller()}; signed mode wants a known key. */
    AuthMode mode();

    /** Who an unsigned caller is in open mode: the account's root. */
    Principal openModeCaller();

    /** The principal of a long-term key pair the gateway knows, when the secret matches; empty otherwise. */
    Optional<Principal> signIn(String accessKeyId, String secretAccessKey);

    /**
     * The gateway's {@code GET /metrics} page as it is now (Prometheus text): this process's counters, for a route
     * that charts them.
     */
    String metricsText();

    /**
     * Whether this gateway hosts {@code api} (an X-Amz-Target prefix): a route can choose its source before calling,
     * rather than learn it from an UnknownOperationException on every call.
     */
    boolean hosts(String api);

    /**
     * Calls {@code api}'s {@code action} (an X-Amz-Target prefix and an action name) as {@code caller}; completes
     * with the output, or exceptionally with the {@link io.millrace.gateway.protocol.ApiException} AWS would answer
     * (AccessDeniedException when the policies refuse). An action answering an event stream (SubscribeToShard)
     * completes with the POJO node of its {@link io.millrace.gateway.http.EventStreamReply}, which the caller starts
     * with a sink of its own.
     */
    CompletionStage<JsonNode> call(Principal caller, RequestContext context, String api, String action, JsonNode input);
}

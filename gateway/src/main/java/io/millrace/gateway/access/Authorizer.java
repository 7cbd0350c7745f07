package io.millrace.gateway.access;

/**
 * Decides whether a principal may do what a call needs, with the policies that apply (the principal's own, the
 * resource's). Thread-safe and non-blocking: it runs on the gateway's I/O threads for every request.
 */
@FunctionalInterface
public interface Authorizer {

    /** Open mode: every authenticated or unsigned caller may do everything. */
    Authorizer ALLOW_ALL = (principal, context, request) -> Decision.ALLOW;

    Decision authorize(Principal principal, RequestContext context, AccessRequest request);
}

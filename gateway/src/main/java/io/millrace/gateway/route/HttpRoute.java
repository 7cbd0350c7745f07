package io.millrace.gateway.route;

import java.util.concurrent.CompletionStage;

/**
 * Plain HTTP served by a hosted service on the gateway's ports, outside the AWS protocols: every request whose path is
 * {@link #prefix()} or lies under it (a web console under {@code /console}, say). The gateway neither authenticates
 * nor authorizes these requests: the route decides, and calls the AWS APIs through {@link GatewayCalls}, where the
 * gateway's authorizer decides as for any signed call. A handler must not block the I/O thread it is called on.
 */
public interface HttpRoute {

    /** The path this route owns, starting with {@code /} and not {@code /} itself, for example {@code /console}. */
    String prefix();

    CompletionStage<RouteResponse> handle(RouteRequest request);

    /** Whether {@code path} (without its query string) is this route's: the prefix itself or below it. */
    default boolean owns(String path) {
        String prefix = prefix();
        return path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
    }
}

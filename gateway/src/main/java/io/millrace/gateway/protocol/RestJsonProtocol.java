package io.millrace.gateway.protocol;

import java.util.List;
import java.util.Objects;

/**
 * How an API speaks AWS's rest-json protocol (Lambda): the action is chosen by the request's method and path
 * ({@link RestRoute}), not by a header, and input and output members travel in the path, the query string, headers
 * and a JSON (or raw) body. The gateway turns such a request into the same tree an action of a JSON API reads, and
 * the action's answer back into the status, headers and body the route binds.
 *
 * @param signingName the service of the SigV4 credential scope, for example {@code lambda}
 * @param routes      every action of the API with its binding
 */
public record RestJsonProtocol(String signingName, List<RestRoute> routes) {

    public RestJsonProtocol {
        Objects.requireNonNull(signingName, "signingName");
        routes = List.copyOf(routes);
    }
}

package io.millrace.gateway.protocol;

import java.util.Objects;

/**
 * How an API speaks AWS's Query protocol (IAM, STS, CloudWatch): form-encoded requests naming {@code Action} and
 * {@code Version}, XML answers. The gateway chooses the API by {@code Version}, which is unique per API, and names
 * {@code xmlNamespace} on every answer, as the service model's {@code metadata} gives them.
 *
 * @param apiVersion   the {@code Version} requests carry, for example {@code 2011-06-15}
 * @param signingName  the service of the SigV4 credential scope, for example {@code sts}
 * @param xmlNamespace the namespace of answers, for example {@code https://sts.amazonaws.com/doc/2011-06-15/}
 */
public record QueryProtocol(String apiVersion, String signingName, String xmlNamespace) {

    public QueryProtocol {
        Objects.requireNonNull(apiVersion, "apiVersion");
        Objects.requireNonNull(signingName, "signingName");
        Objects.requireNonNull(xmlNamespace, "xmlNamespace");
    }

    /** The Query APIs' answer to a call the caller's policies do not allow: AccessDenied, HTTP 403 (IAM, STS). */
    public static ApiException accessDenied(String message) {
        return new ApiException("AccessDenied", 403, message);
    }
}

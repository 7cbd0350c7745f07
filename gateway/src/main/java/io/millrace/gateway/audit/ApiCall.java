package io.millrace.gateway.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.gateway.access.Principal;
import io.millrace.gateway.protocol.ApiException;
import java.time.Instant;
import java.util.Objects;

/**
 * One call as the gateway answers it, for the audit trail: what was asked, by whom, from where, and how it ended.
 *
 * @param requestId     the {@code x-amzn-RequestId} of the answer
 * @param targetPrefix  the API the call named ({@code Kinesis_20131202}, {@code TrentService}...), null when the
 *                      request named none the gateway could read
 * @param action        the action, null when the request named none
 * @param signingService the service of the SigV4 credential scope ({@code kinesis}), null when unsigned or unread
 * @param caller        the authenticated principal, null when the signature was refused or never checked
 * @param accessKeyId   the access key the request was signed with (from the credential scope, even when the
 *                      signature was refused), null when unsigned
 * @param sessionCredentials whether the request carried a session token (temporary credentials)
 * @param tls           the connection's TLS, null over plain HTTP
 * @param request       the decoded request body, null when it could not be read
 * @param response      the answer's output, null on error (and for event streams, which answer as they go)
 * @param error         the error answered, null on success
 */
public record ApiCall(
        String requestId,
        Instant time,
        String targetPrefix,
        String action,
        String signingService,
        String region,
        String accountId,
        Principal caller,
        String accessKeyId,
        boolean sessionCredentials,
        String sourceIp,
        String userAgent,
        Tls tls,
        JsonNode request,
        JsonNode response,
        ApiException error) {

    public ApiCall {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accountId, "accountId");
    }

    /** The TLS of the connection, as CloudTrail's {@code tlsDetails} names it. */
    public record Tls(String tlsVersion, String cipherSuite, String clientProvidedHostHeader) {}
}

package io.millrace.gateway.access;

import java.time.Instant;
import java.util.Objects;

/**
 * Temporary credentials of a role session a service hands to what it runs for a user (an application's job), as
 * AWS's services give their workloads the credentials of the role they assume: requests signed with them are the
 * role session's, checked by the gateway like any STS session (the session token, its expiry, and the role's
 * policies current at each request).
 */
public record ServiceCredentials(
        String accessKeyId, String secretAccessKey, String sessionToken, String sessionArn, Instant expiresAt) {

    public ServiceCredentials {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        Objects.requireNonNull(sessionToken, "sessionToken");
        Objects.requireNonNull(sessionArn, "sessionArn");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        // Never the secret or the token in a log line.
        return "ServiceCredentials[" + accessKeyId + " of " + sessionArn + " until " + expiresAt + "]";
    }
}

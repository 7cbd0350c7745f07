package io.millrace.iam.sts;

import io.millrace.gateway.access.Principal;
import java.time.Instant;
import java.util.Objects;

/**
 * What one set of temporary credentials is: its key pair, whose session it is, and until when. All of it travels
 * inside the session token ({@link SessionTokens}), so any gateway with the IAM secret key knows it without a lookup.
 */
public record Session(String accessKeyId, String secretAccessKey, Principal principal, Instant expiresAt) {

    public Session {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}

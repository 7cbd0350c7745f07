package io.millrace.gateway.access;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An access key the gateway knows: its secret, to check the signature with, and the principal whose requests it
 * signs. Temporary credentials (from STS) also carry the session token the request must present in
 * {@code X-Amz-Security-Token} and the instant they stop being valid.
 */
public record SigningCredential(
        String accessKeyId,
        String secretAccessKey,
        Principal principal,
        Optional<String> sessionToken,
        Optional<Instant> expiresAt) {

    public SigningCredential {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(sessionToken, "sessionToken");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** A long-term key: no session token, no expiry. */
    public static SigningCredential longTerm(String accessKeyId, String secretAccessKey, Principal principal) {
        return new SigningCredential(accessKeyId, secretAccessKey, principal, Optional.empty(), Optional.empty());
    }
}

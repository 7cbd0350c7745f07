package io.millrace.gateway.protocol.auth;

import io.millrace.gateway.access.AuthMode;
import io.millrace.gateway.access.Principal;
import io.millrace.gateway.access.SigningCredential;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/** Verifiers whose keys all belong to the account's root, as {@code millrace.gateway.credentials} makes them. */
final class Verifiers {

    static final Principal ROOT = Principal.root("000000000000");

    private Verifiers() {}

    static SigV4Verifier signed(Map<String, String> secrets, Clock clock) {
        return new SigV4Verifier(
                AuthMode.SIGNED,
                (key, token) -> Optional.ofNullable(secrets.get(key))
                        .map(secret -> SigningCredential.longTerm(key, secret, ROOT)),
                ROOT,
                clock);
    }

    static SigV4Verifier open(Clock clock) {
        return new SigV4Verifier(AuthMode.OPEN, (key, token) -> Optional.empty(), ROOT, clock);
    }

    static CallerIdentity caller(String accessKeyId, String region, String service) {
        return new CallerIdentity(accessKeyId, region, service, ROOT);
    }
}

package io.millrace.gateway.protocol.auth;

import io.millrace.gateway.access.AuthMode;
import io.millrace.gateway.access.KeyDirectory;
import io.millrace.gateway.access.Principal;
import io.millrace.gateway.access.SigningCredential;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies AWS Signature Version 4 ({@code AWS4-HMAC-SHA256}) on requests to the gateway, as AWS's JSON services
 * do: from the {@code Authorization} header, or from a presigned URL's query string. Errors are {@link
 * io.millrace.gateway.protocol.ApiException}s with AWS's types and wording.
 *
 * <p>Thread-safe; one instance serves all requests.
 */
public final class SigV4Verifier {

    /**
     * How far a request's timestamp may be from the gateway's clock. AWS documents signed requests as valid for
     * 15 minutes; this also absorbs clock drift between client machines and the gateway.
     */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(15);

    private static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

    private final AuthMode mode;
    private final KeyDirectory keys;
    private final Principal openModeCaller;
    private final Clock clock;
    private final SigningKeys signingKeys = new SigningKeys();

    /**
     * @param mode           {@link AuthMode#OPEN}: any well-formed signature, or none, is accepted, and the credential
     *                       scope is still read for the caller's region; {@link AuthMode#SIGNED}: only valid
     *                       signatures of keys in {@code keys}
     * @param keys           the access keys the gateway knows
     * @param openModeCaller who an unsigned request, or one signed by an unknown key, is in open mode
     * @param clock          the time signatures are checked against
     */
    public SigV4Verifier(AuthMode mode, KeyDirectory keys, Principal openModeCaller, Clock clock) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.openModeCaller = Objects.requireNonNull(openModeCaller, "openModeCaller");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @return who signed the request; in open mode, the open-mode caller for an unsigned request (with a null key,
     *     region and service)
     * @throws io.millrace.gateway.protocol.ApiException when the request is not authenticated
     */
    public CallerIdentity verify(SignedRequest request) {
        HeaderLookup headers = new HeaderLookup(request.headers());
        QueryParameters query = QueryParameters.parse(request.rawQuery());
        String authorization = headers.first("authorization");
        boolean presigned = query.has("X-Amz-Algorithm");
        if (authorization != null && presigned) {
            throw SigV4Errors.invalid(
                    "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as" + " HTTP header.");
        }
        // Another scheme (Basic, Bearer) is no AWS signature at all, which AWS reports as a missing token.
        boolean headerSigned = authorization != null && authorization.trim().startsWith("AWS4-");
        if (!headerSigned && !presigned) {
            if (openMode()) {
                return new CallerIdentity(null, null, null, openModeCaller);
            }
            throw SigV4Errors.missingToken();
        }

        SignatureParameters signature = presigned
                ? SignatureParameters.fromQuery(query)
                : SignatureParameters.fromHeader(authorization, headers);
        if (!SignatureParameters.ALGORITHM.equals(signature.algorithm())) {
            throw SigV4Errors.incomplete("Unsupported AWS 'algorithm': '" + signature.algorithm() + "' (only "
                    + SignatureParameters.ALGORITHM + " for now).");
        }
        CredentialScope scope = CredentialScope.parse(signature.credential());
        String sessionToken = presigned ? query.first("X-Amz-Security-Token") : headers.first("x-amz-security-token");
        if (openMode()) {
            Principal principal = keys.find(scope.accessKeyId(), sessionToken)
                    .map(SigningCredential::principal)
                    .orElse(openModeCaller);
            return new CallerIdentity(scope.accessKeyId(), scope.region(), scope.service(), principal);
        }

        Instant signedAt =
                signature.httpDate() ? AmzDate.parseHttpDate(signature.date()) : AmzDate.parseBasic(signature.date());
        checkTime(signature, signedAt);
        List<String> signedHeaders = signedHeaderNames(signature.signedHeaders());
        if (!signedHeaders.contains("host") && !signedHeaders.contains(":authority")) {
            throw SigV4Errors.invalid("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }
        String amzDate = AmzDate.format(signedAt);
        scope.check(amzDate);
        SigningCredential credential = knownCredential(scope.accessKeyId(), sessionToken);
        String secret = credential.secretAccessKey();

        String canonicalRequest = CanonicalRequest.build(
                request, headers, query, signedHeaders, payloadHash(request, headers), presigned);
        String stringToSign = SignatureParameters.ALGORITHM
                + '\n'
                + amzDate
                + '\n'
                + scope.scope()
                + '\n'
                + SigningKeys.sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
        byte[] expected = HexFormat.of()
                .formatHex(SigningKeys.hmac(signingKeys.signingKey(scope.accessKeyId(), secret, scope), stringToSign))
                .getBytes(StandardCharsets.US_ASCII);
        // Constant time: how many leading characters matched must not leak through the response time.
        if (!MessageDigest.isEqual(expected, signature.signature().getBytes(StandardCharsets.US_ASCII))) {
            throw SigV4Errors.signatureMismatch();
        }
        return new CallerIdentity(scope.accessKeyId(), scope.region(), scope.service(), credential.principal());
    }

    /**
     * The key's credential, when it is one the gateway knows and the request's session token is the one it was
     * issued with; temporary credentials past their expiry are AWS's ExpiredTokenException.
     */
    private SigningCredential knownCredential(String accessKeyId, String sessionToken) {
        Optional<SigningCredential> found = keys.find(accessKeyId, sessionToken);
        if (found.isEmpty()) {
            throw SigV4Errors.unrecognizedClient();
        }
        SigningCredential credential = found.get();
        String expected = credential.sessionToken().orElse(null);
        boolean tokenMatches = expected == null
                ? sessionToken == null || sessionToken.isEmpty()
                : sessionToken != null
                        && MessageDigest.isEqual(
                                expected.getBytes(StandardCharsets.UTF_8),
                                sessionToken.getBytes(StandardCharsets.UTF_8));
        if (!tokenMatches) {
            throw SigV4Errors.unrecognizedClient();
        }
        if (credential.expiresAt().isPresent()
                && !clock.instant().isBefore(credential.expiresAt().get())) {
            throw SigV4Errors.expiredToken();
        }
        return credential;
    }

    private boolean openMode() {
        return mode == AuthMode.OPEN;
    }

    private void checkTime(SignatureParameters signature, Instant signedAt) {
        Instant now = clock.instant();
        if (signature.presigned() && signature.expiresSeconds() != null) {
            // A presigned URL is valid for its own lifetime, but is no more to be signed in the future than a header.
            if (signedAt.isAfter(now.plus(MAX_CLOCK_SKEW))) {
                AmzDate.checkSkew(signedAt, now, MAX_CLOCK_SKEW);
            }
            AmzDate.checkExpiry(signedAt, signature.expiresSeconds(), now);
        } else {
            AmzDate.checkSkew(signedAt, now, MAX_CLOCK_SKEW);
        }
    }

    private static List<String> signedHeaderNames(String signedHeaders) {
        List<String> names = new ArrayList<>();
        for (String name : signedHeaders.split(";")) {
            String trimmed = name.trim();
            if (!trimmed.isEmpty()) {
                names.add(trimmed.toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    /**
     * The body is always authenticated: the hash signed is that of the body received. The SDKs also declare it in
     * {@code x-amz-content-sha256}; a declared hash that is not the body's means the body changed after signing, which
     * is reported like any other mismatch. {@code UNSIGNED-PAYLOAD} is not honoured, so a signature never leaves the
     * body open to tampering (the SDKs and the CLI sign Kinesis and Firehose payloads).
     */
    private static String payloadHash(SignedRequest request, HeaderLookup headers) {
        String bodyHash = SigningKeys.sha256Hex(request.body());
        String declared = headers.first("x-amz-content-sha256");
        if (declared != null
                && !declared.trim().equals(UNSIGNED_PAYLOAD)
                && !declared.trim().equalsIgnoreCase(bodyHash)) {
            throw SigV4Errors.signatureMismatch();
        }
        return bodyHash;
    }
}

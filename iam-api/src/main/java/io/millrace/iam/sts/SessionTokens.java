package io.millrace.iam.sts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.access.Principal;
import io.millrace.gateway.access.SessionPolicy;
import io.millrace.iam.crypto.SecretBox;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Self-contained session tokens, as AWS's carry their own data: the {@link Session} (key pair, principal with its
 * session policies, expiry) as JSON, sealed with AES-256-GCM under a key derived from the IAM secret key, behind a format byte, in base64. A
 * gateway validates a token by opening it: a token altered anywhere, or sealed under another key, does not open.
 */
public final class SessionTokens {

    private static final byte FORMAT = 1;
    private static final byte[] ASSOCIATED_DATA = "millrace-sts-session".getBytes(StandardCharsets.UTF_8);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecretBox box;

    public SessionTokens(SecretBox iamSecretKey) {
        this.box = iamSecretKey.derive("millrace-iam/session-token/v1");
    }

    public String issue(Session session) {
        Principal principal = session.principal();
        ObjectNode claims = JSON.createObjectNode()
                .put("k", session.accessKeyId())
                .put("s", session.secretAccessKey())
                .put("e", session.expiresAt().getEpochSecond())
                .put("t", principal.type().name())
                .put("a", principal.arn())
                .put("p", principal.principalArn())
                .put("c", principal.accountId())
                .put("u", principal.userId())
                .put("n", principal.username());
        SessionPolicy policy = principal.sessionPolicy();
        if (policy.document() != null) {
            claims.put("sp", policy.document());
        }
        if (!policy.policyArns().isEmpty()) {
            policy.policyArns().forEach(claims.putArray("sa")::add);
        }
        byte[] sealed = box.seal(claims.toString().getBytes(StandardCharsets.UTF_8), ASSOCIATED_DATA);
        byte[] token = new byte[sealed.length + 1];
        token[0] = FORMAT;
        System.arraycopy(sealed, 0, token, 1, sealed.length);
        return Base64.getEncoder().encodeToString(token);
    }

    /**
     * The session a token carries, whether or not it has expired; empty when it is not a token this key sealed
     * (altered, truncated, another cluster's key, not base64).
     */
    public Optional<Session> open(String token) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (bytes.length < 2 || bytes[0] != FORMAT) {
            return Optional.empty();
        }
        return box.open(Arrays.copyOfRange(bytes, 1, bytes.length), ASSOCIATED_DATA)
                .flatMap(SessionTokens::session);
    }

    /** The session policies a token carries: none in tokens issued without (and before they existed). */
    private static SessionPolicy sessionPolicy(JsonNode claims) {
        JsonNode document = claims.get("sp");
        List<String> arns = new ArrayList<>();
        claims.path("sa").forEach(arn -> arns.add(arn.asText()));
        return document == null && arns.isEmpty()
                ? SessionPolicy.NONE
                : new SessionPolicy(document == null ? null : document.asText(), arns);
    }

    private static Optional<Session> session(byte[] plaintext) {
        try {
            JsonNode claims = JSON.readTree(plaintext);
            Principal principal = new Principal(
                    claims.get("a").asText(),
                    claims.get("p").asText(),
                    claims.get("c").asText(),
                    claims.get("u").asText(),
                    claims.get("n").isNull() ? null : claims.get("n").asText(),
                    Principal.Type.valueOf(claims.get("t").asText()),
                    sessionPolicy(claims));
            return Optional.of(new Session(
                    claims.get("k").asText(),
                    claims.get("s").asText(),
                    principal,
                    Instant.ofEpochSecond(claims.get("e").asLong())));
        } catch (IOException | RuntimeException e) {
            // Sealed by this key yet unreadable: a format this release does not know.
            return Optional.empty();
        }
    }
}

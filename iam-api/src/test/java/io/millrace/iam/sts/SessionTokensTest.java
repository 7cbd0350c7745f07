package io.millrace.iam.sts;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.gateway.access.Principal;
import io.millrace.iam.crypto.SecretBox;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Session tokens carry their session, sealed: only the same IAM secret key opens them, and only unaltered. */
class SessionTokensTest {

    private static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    private static final String OTHER_KEY = "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=";

    private final SessionTokens tokens = new SessionTokens(SecretBox.fromBase64(KEY, "key"));
    private final Session session = new Session(
            "ASIAABCDEFGHIJKLMNOP",
            "secretsecretsecretsecretsecretsecret1234",
            new Principal(
                    "arn:aws:sts::123456789012:assumed-role/deployer/build",
                    "arn:aws:iam::123456789012:role/deployer",
                    "123456789012",
                    "AROAABCDEFGHIJKLMNOPQ:build",
                    null,
                    Principal.Type.ASSUMED_ROLE),
            Instant.parse("2030-01-01T00:00:00Z"));

    @Test
    void aTokenOpensToItsSessionOnAnyGatewayWithTheKey() {
        String token = tokens.issue(session);
        SessionTokens elsewhere = new SessionTokens(SecretBox.fromBase64(KEY, "key"));
        assertThat(elsewhere.open(token)).contains(session);
        assertThat(token).doesNotContain(session.secretAccessKey()).doesNotContain("deployer");
    }

    @Test
    void aUserSessionKeepsItsUserName() {
        Principal user = new Principal(
                "arn:aws:iam::123456789012:user/alice",
                "arn:aws:iam::123456789012:user/alice",
                "123456789012",
                "AIDAABCDEFGHIJKLMNOPQ",
                "alice",
                Principal.Type.USER);
        Session userSession = new Session("ASIAQRSTUVWXYZ234567", "s".repeat(40), user, session.expiresAt());
        assertThat(tokens.open(tokens.issue(userSession))).contains(userSession);
    }

    @Test
    void anAlteredTokenDoesNotOpen() {
        byte[] bytes = Base64.getDecoder().decode(tokens.issue(session));
        for (int position : new int[] {0, 1, 13, 20, bytes.length / 2, bytes.length - 1}) {
            byte[] altered = bytes.clone();
            altered[position] ^= 0x01;
            assertThat(tokens.open(Base64.getEncoder().encodeToString(altered)))
                    .as("byte %d flipped", position)
                    .isEmpty();
        }
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 1);
        assertThat(tokens.open(Base64.getEncoder().encodeToString(truncated))).isEmpty();
    }

    @Test
    void anotherKeysTokenAndGarbageDoNotOpen() {
        SessionTokens otherCluster = new SessionTokens(SecretBox.fromBase64(OTHER_KEY, "key"));
        assertThat(tokens.open(otherCluster.issue(session))).isEmpty();
        assertThat(tokens.open("not base64 !")).isEmpty();
        assertThat(tokens.open("")).isEmpty();
        assertThat(tokens.open("AQ==")).isEmpty();
    }
}

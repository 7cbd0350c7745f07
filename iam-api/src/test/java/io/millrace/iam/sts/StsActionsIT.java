package io.millrace.iam.sts;

import static io.millrace.iam.testkit.IamNode.form;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.POJONode;
import io.millrace.gateway.access.AuthMode;
import io.millrace.gateway.access.Principal;
import io.millrace.gateway.access.SigningCredential;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.protocol.auth.SigV4Verifier;
import io.millrace.gateway.protocol.auth.SignedRequest;
import io.millrace.iam.access.IamKeyDirectory;
import io.millrace.iam.access.IdentityPolicy;
import io.millrace.iam.crypto.SecretBox;
import io.millrace.iam.testkit.IamNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The STS actions through the registry, and the temporary credentials they issue as the key directory sees them. */
class StsActionsIT {

    private static final String ACCOUNT = IamNode.ACCOUNT;
    private static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},\"Action\":\"sts:AssumeRole\"}]}";
    private static final String POLICY =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kinesis:*\",\"Resource\":\"*\"}]}";

    private static IamNode node;
    private static Principal alice;
    private static String roleArn;
    private static String roleId;

    @BeforeAll
    static void start() {
        node = IamNode.start("__millrace_iam_sts_it");
        node.iam("CreateUser", form("UserName", "alice"));
        JsonNode key = node.iam("CreateAccessKey", form("UserName", "alice")).get("AccessKey");
        alice = node.service()
                .keys()
                .find(key.get("AccessKeyId").asText(), null)
                .orElseThrow()
                .principal();
        JsonNode role = node.iam(
                        "CreateRole",
                        form(
                                "RoleName",
                                "deployer",
                                "Path",
                                "/ci/",
                                "AssumeRolePolicyDocument",
                                TRUST,
                                "MaxSessionDuration",
                                "7200"))
                .get("Role");
        roleArn = role.get("Arn").asText();
        roleId = role.get("RoleId").asText();
        node.iam("PutRolePolicy", form("RoleName", "deployer", "PolicyName", "deploy", "PolicyDocument", POLICY));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void getCallerIdentityNamesWhoeverSigned() {
        JsonNode root = node.sts("GetCallerIdentity", form(), IamNode.root());
        assertThat(root.get("Arn").asText()).isEqualTo("arn:aws:iam::123456789012:root");
        assertThat(root.get("UserId").asText()).isEqualTo(ACCOUNT);
        assertThat(root.get("Account").asText()).isEqualTo(ACCOUNT);
        JsonNode user = node.sts("GetCallerIdentity", form(), alice);
        assertThat(user.get("Arn").asText()).isEqualTo("arn:aws:iam::123456789012:user/alice");
        assertThat(user.get("UserId").asText()).isEqualTo(alice.userId());
    }

    @Test
    void assumeRoleIssuesCredentialsThatEveryGatewayWithTheKeyAccepts() {
        Instant before = Instant.now();
        JsonNode answer = node.sts("AssumeRole", form("RoleArn", roleArn, "RoleSessionName", "build-42"), alice);
        JsonNode credentials = answer.get("Credentials");
        assertThat(credentials.get("AccessKeyId").asText()).matches("ASIA[A-Z0-9]{16}");
        assertThat(credentials.get("SecretAccessKey").asText()).hasSize(40);
        Instant expiration = (Instant) ((POJONode) credentials.get("Expiration")).getPojo();
        assertThat(expiration).isCloseTo(before.plusSeconds(3600), within(5, ChronoUnit.SECONDS));
        JsonNode assumed = answer.get("AssumedRoleUser");
        assertThat(assumed.get("AssumedRoleId").asText()).isEqualTo(roleId + ":build-42");
        assertThat(assumed.get("Arn").asText()).isEqualTo("arn:aws:sts::123456789012:assumed-role/deployer/build-42");

        String keyId = credentials.get("AccessKeyId").asText();
        String token = credentials.get("SessionToken").asText();
        // A directory of its own, as another gateway with the same IAM secret key has.
        IamKeyDirectory elsewhere = directory();
        SigningCredential found = elsewhere.find(keyId, token).orElseThrow();
        assertThat(found.secretAccessKey())
                .isEqualTo(credentials.get("SecretAccessKey").asText());
        assertThat(found.sessionToken()).contains(token);
        assertThat(found.expiresAt()).contains(expiration);
        Principal session = found.principal();
        assertThat(session.type()).isEqualTo(Principal.Type.ASSUMED_ROLE);
        assertThat(session.arn()).isEqualTo(assumed.get("Arn").asText());
        assertThat(session.principalArn()).isEqualTo(roleArn);
        assertThat(session.userId()).isEqualTo(roleId + ":build-42");
        assertThat(node.service().keys().policiesOf(session))
                .extracting(IdentityPolicy::name)
                .containsExactly("deploy");
        assertThat(node.sts("GetCallerIdentity", form(), session).get("Arn").asText())
                .isEqualTo("arn:aws:sts::123456789012:assumed-role/deployer/build-42");

        // Without its token, or with another key's id, the key is unknown.
        assertThat(elsewhere.find(keyId, null)).isEmpty();
        assertThat(elsewhere.find("ASIAAAAAAAAAAAAAAAAA", token)).isEmpty();
        int middle = token.length() / 2;
        String tampered =
                token.substring(0, middle) + (token.charAt(middle) == 'A' ? 'B' : 'A') + token.substring(middle + 1);
        assertThat(elsewhere.find(keyId, tampered)).isEmpty();
    }

    @Test
    void assumeRoleHoldsToTheRolesSessionLimitAndToRoleChainingsHour() {
        assertThat(expiresIn(node.sts(
                        "AssumeRole",
                        form("RoleArn", roleArn, "RoleSessionName", "long", "DurationSeconds", "7200"),
                        alice)))
                .isCloseTo(Duration.ofSeconds(7200), Duration.ofSeconds(5));
        assertError(
                node.stsError(
                        "AssumeRole",
                        form("RoleArn", roleArn, "RoleSessionName", "longer", "DurationSeconds", "7201"),
                        alice),
                "ValidationError",
                400,
                "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        Principal session = sessionOf(node.sts("AssumeRole", form("RoleArn", roleArn, "RoleSessionName", "s1"), alice));
        assertError(
                node.stsError(
                        "AssumeRole",
                        form("RoleArn", roleArn, "RoleSessionName", "chained", "DurationSeconds", "3601"),
                        session),
                "ValidationError",
                400,
                "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
        assertThat(node.sts("AssumeRole", form("RoleArn", roleArn, "RoleSessionName", "chained"), session)
                        .get("AssumedRoleUser")
                        .get("Arn")
                        .asText())
                .endsWith("assumed-role/deployer/chained");
        assertThat(node.stsError(
                                "AssumeRole",
                                form("RoleArn", roleArn, "RoleSessionName", "short", "DurationSeconds", "899"),
                                alice)
                        .getMessage())
                .contains("Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value"
                        + " greater than or equal to 900");
    }

    @Test
    void assumeRoleTellsNobodyWhetherARoleExists() {
        String missing = "arn:aws:iam::123456789012:role/missing";
        assertError(
                node.stsError("AssumeRole", form("RoleArn", missing, "RoleSessionName", "s"), alice),
                "ValidationError",
                400,
                "1 validation error detected: Value 's' at 'roleSessionName' failed to satisfy constraint: Member"
                        + " must have length greater than or equal to 2");
        assertError(
                node.stsError("AssumeRole", form("RoleArn", missing, "RoleSessionName", "ok"), alice),
                "AccessDenied",
                403,
                "User: arn:aws:iam::123456789012:user/alice is not authorized to perform: sts:AssumeRole on"
                        + " resource: " + missing);
        // The role's ARN names its path: without it, it is not the role.
        String withoutPath = "arn:aws:iam::123456789012:role/deployer";
        assertThat(node.stsError("AssumeRole", form("RoleArn", withoutPath, "RoleSessionName", "ok"), alice)
                        .type())
                .isEqualTo("AccessDenied");
        Principal stranger = new Principal(
                "arn:aws:iam::210987654321:user/eve",
                "arn:aws:iam::210987654321:user/eve",
                "210987654321",
                "AIDAEVEEVEEVEEVEEVEEV",
                "eve",
                Principal.Type.USER);
        assertError(
                node.stsError("AssumeRole", form("RoleArn", roleArn, "RoleSessionName", "ok"), stranger),
                "AccessDenied",
                403,
                "User: arn:aws:iam::210987654321:user/eve is not authorized to perform: sts:AssumeRole on resource: "
                        + roleArn);
        assertError(
                node.stsError("AssumeRole", form("RoleArn", roleArn, "RoleSessionName", "ok"), IamNode.root()),
                "AccessDenied",
                403,
                "Roles may not be assumed by root accounts.");
        assertError(
                node.stsError(
                        "AssumeRole", form("RoleArn", roleArn, "RoleSessionName", "ok", "Policy", "{not json"), alice),
                "MalformedPolicyDocument",
                400,
                "This policy contains invalid Json");
    }

    @Test
    void getSessionTokenGivesAUserASessionOfItself() {
        JsonNode answer = node.sts("GetSessionToken", form(), alice);
        assertThat(expiresIn(answer)).isCloseTo(Duration.ofHours(12), Duration.ofSeconds(5));
        JsonNode credentials = answer.get("Credentials");
        SigningCredential found = node.service()
                .keys()
                .find(
                        credentials.get("AccessKeyId").asText(),
                        credentials.get("SessionToken").asText())
                .orElseThrow();
        assertThat(found.principal()).isEqualTo(alice);

        assertThat(expiresIn(node.sts("GetSessionToken", form("DurationSeconds", "129600"), alice)))
                .isCloseTo(Duration.ofHours(36), Duration.ofSeconds(5));
        // The account's root gets one hour at most, whatever it asks.
        assertThat(expiresIn(node.sts("GetSessionToken", form("DurationSeconds", "7200"), IamNode.root())))
                .isCloseTo(Duration.ofHours(1), Duration.ofSeconds(5));
        assertThat(node.stsError("GetSessionToken", form("DurationSeconds", "129601"), alice)
                        .getMessage())
                .contains("Member must have value less than or equal to 129600");
        assertThat(node.stsError("GetSessionToken", form("DurationSeconds", "soon"), alice)
                        .type())
                .isEqualTo("ValidationError");
        Principal session = sessionOf(node.sts("AssumeRole", form("RoleArn", roleArn, "RoleSessionName", "s2"), alice));
        assertError(
                node.stsError("GetSessionToken", form(), session),
                "AccessDenied",
                403,
                "Cannot call GetSessionToken with session credentials");
    }

    /** The directory another gateway with the same IAM secret key has. */
    private static IamKeyDirectory directory() {
        SecretBox key = SecretBox.fromBase64(IamNode.SECRET_KEY, "key");
        return new IamKeyDirectory(node.service().store(), new SessionTokens(key));
    }

    /**
     * The gateway's own signature check with this directory: a session is accepted up to its expiry (the request
     * then fails only on its made-up signature), refused as AWS's ExpiredTokenException after it, and an altered
     * token is an unknown key.
     */
    @Test
    void theGatewaysVerifierRefusesExpiredAndAlteredSessions() {
        JsonNode credentials = node.sts("AssumeRole", form("RoleArn", roleArn, "RoleSessionName", "verify"), alice)
                .get("Credentials");
        String keyId = credentials.get("AccessKeyId").asText();
        String token = credentials.get("SessionToken").asText();
        Instant expiration = (Instant) ((POJONode) credentials.get("Expiration")).getPojo();

        Instant beforeExpiry = expiration.minusSeconds(60);
        assertThat(verify(beforeExpiry, keyId, token).getMessage())
                .startsWith("The request signature we calculated does not match the signature you provided.");
        assertError(
                verify(expiration.plusSeconds(1), keyId, token),
                "ExpiredTokenException",
                400,
                "The security token included in the request is expired");
        String altered = token.substring(0, 40) + (token.charAt(40) == 'A' ? 'B' : 'A') + token.substring(41);
        assertError(
                verify(beforeExpiry, keyId, altered),
                "UnrecognizedClientException",
                400,
                "The security token included in the request is invalid.");
    }

    /** A request signed at {@code now} with a made-up signature, checked by a verifier whose clock says {@code now}. */
    private static ApiException verify(Instant now, String keyId, String token) {
        String date = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(ZoneOffset.UTC)
                .format(now);
        Map<String, List<String>> headers = Map.of(
                "Host", List.of("localhost"),
                "X-Amz-Date", List.of(date),
                "X-Amz-Security-Token", List.of(token),
                "Authorization",
                        List.of("AWS4-HMAC-SHA256 Credential=" + keyId + "/" + date.substring(0, 8)
                                + "/us-east-1/kinesis/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token,"
                                + " Signature=" + "0".repeat(64)));
        SigV4Verifier verifier =
                new SigV4Verifier(AuthMode.SIGNED, directory(), IamNode.root(), Clock.fixed(now, ZoneOffset.UTC));
        try {
            verifier.verify(new SignedRequest("POST", "/", "", headers, new byte[0]));
            throw new AssertionError("a made-up signature was accepted");
        } catch (ApiException e) {
            return e;
        }
    }

    private static Principal sessionOf(JsonNode assumeRole) {
        JsonNode credentials = assumeRole.get("Credentials");
        return node.service()
                .keys()
                .find(
                        credentials.get("AccessKeyId").asText(),
                        credentials.get("SessionToken").asText())
                .map(SigningCredential::principal)
                .orElseThrow();
    }

    private static Duration expiresIn(JsonNode answer) {
        Instant expiration = (Instant) ((POJONode) answer.get("Credentials").get("Expiration")).getPojo();
        return Duration.between(Instant.now(), expiration);
    }

    private static void assertError(ApiException error, String type, int status, String message) {
        assertThat(error.type()).isEqualTo(type);
        assertThat(error.status()).isEqualTo(status);
        assertThat(error.getMessage()).isEqualTo(message);
    }
}

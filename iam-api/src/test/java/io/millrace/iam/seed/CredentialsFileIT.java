package io.millrace.iam.seed;

import static io.millrace.iam.testkit.IamNode.form;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.gateway.access.Principal;
import io.millrace.gateway.access.SigningCredential;
import io.millrace.iam.IamConfig;
import io.millrace.iam.access.IdentityPolicy;
import io.millrace.iam.testkit.IamNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The credentials file: what it describes exists after start, with its keys, and a restart changes nothing. */
class CredentialsFileIT {

    private static final String FILE = """
            {
              "policies": [
                {"name": "StreamWriters", "path": "/shared/", "description": "write streams",
                 "document": {"Version": "2012-10-17",
                              "Statement": [{"Effect": "Allow", "Action": "kinesis:Put*", "Resource": "*"}]}}
              ],
              "users": [
                {"name": "ci",
                 "accessKeys": [{"accessKeyId": "AKIAIOSFODNN7EXAMPLE",
                                 "secretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}],
                 "policies": {"assume": {"Version": "2012-10-17",
                              "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]}},
                 "attachedPolicies": ["arn:aws:iam::123456789012:policy/shared/StreamWriters"]}
              ],
              "roles": [
                {"name": "producer", "maxSessionDuration": 7200,
                 "assumeRolePolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                   "Principal": {"AWS": "arn:aws:iam::123456789012:user/ci"}, "Action": "sts:AssumeRole"}]},
                 "attachedPolicies": ["arn:aws:iam::123456789012:policy/shared/StreamWriters"]}
              ]
            }
            """;

    @TempDir
    Path directory;

    @Test
    void theFileIsAppliedAtStartAndAgainOnRestartWithoutChange() throws Exception {
        Path file = Files.writeString(directory.resolve("credentials.json"), FILE);
        String topic = "__millrace_iam_credentials_it";
        Map<String, String> settings = Map.of(IamConfig.CREDENTIALS_FILE, file.toString());
        String userId;
        try (IamNode node = IamNode.start(topic, settings)) {
            SigningCredential key =
                    node.service().keys().find("AKIAIOSFODNN7EXAMPLE", null).orElseThrow();
            assertThat(key.secretAccessKey()).isEqualTo("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
            Principal ci = key.principal();
            assertThat(ci.arn()).isEqualTo("arn:aws:iam::123456789012:user/ci");
            assertThat(node.service().keys().policiesOf(ci))
                    .extracting(IdentityPolicy::name)
                    .containsExactly("assume", "StreamWriters");
            userId = ci.userId();

            JsonNode role = node.iam("GetRole", form("RoleName", "producer")).get("Role");
            assertThat(role.get("MaxSessionDuration").asInt()).isEqualTo(7200);
            assertThat(node.sts(
                                    "AssumeRole",
                                    form("RoleArn", role.get("Arn").asText(), "RoleSessionName", "seeded"),
                                    ci)
                            .get("AssumedRoleUser")
                            .get("Arn")
                            .asText())
                    .isEqualTo("arn:aws:sts::123456789012:assumed-role/producer/seeded");
        }

        try (IamNode restarted = IamNode.start(topic, settings)) {
            assertThat(restarted.service().keys().find("AKIAIOSFODNN7EXAMPLE", null))
                    .map(credential -> credential.principal().userId())
                    .contains(userId);
            assertThat(restarted.iam("ListAccessKeys", form("UserName", "ci")).get("AccessKeyMetadata"))
                    .hasSize(1);
            assertThat(restarted
                            .iam("ListAttachedUserPolicies", form("UserName", "ci"))
                            .get("AttachedPolicies"))
                    .hasSize(1);
            assertThat(restarted.iam("ListPolicies", form("Scope", "Local")).get("Policies"))
                    .hasSize(1);
        }
    }

    @Test
    void aKeyOfAnotherUserStopsTheStart() throws Exception {
        String topic = "__millrace_iam_credentials_conflict_it";
        Path file = Files.writeString(directory.resolve("first.json"), FILE);
        try (IamNode node = IamNode.start(topic, Map.of(IamConfig.CREDENTIALS_FILE, file.toString()))) {
            assertThat(node.service().keys().find("AKIAIOSFODNN7EXAMPLE", null)).isPresent();
        }
        Path stolen = Files.writeString(directory.resolve("second.json"), """
                {"users": [{"name": "mallory", "accessKeys": [{"accessKeyId": "AKIAIOSFODNN7EXAMPLE",
                  "secretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}]}]}
                """);
        assertThatThrownBy(() -> IamNode.start(topic, Map.of(IamConfig.CREDENTIALS_FILE, stolen.toString())))
                .hasRootCauseInstanceOf(IllegalArgumentException.class)
                .rootCause()
                .hasMessage("Access key AKIAIOSFODNN7EXAMPLE already belongs to user ci");
        Path misspelt = Files.writeString(directory.resolve("third.json"), """
                {"users": [{"name": "u", "acessKeys": []}]}
                """);
        assertThatThrownBy(() -> IamNode.start(topic, Map.of(IamConfig.CREDENTIALS_FILE, misspelt.toString())))
                .hasStackTraceContaining("acessKeys");
    }
}

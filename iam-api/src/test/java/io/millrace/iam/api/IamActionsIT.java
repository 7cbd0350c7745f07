package io.millrace.iam.api;

import static io.millrace.iam.testkit.IamNode.form;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.access.AccessRequest;
import io.millrace.gateway.access.Principal;
import io.millrace.gateway.access.SigningCredential;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.iam.access.IdentityPolicy;
import io.millrace.iam.testkit.IamNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The IAM actions through the registry, as the Query protocol will call them, on a store on the embedded broker. */
class IamActionsIT {

    private static final String POLICY =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kinesis:*\",\"Resource\":\"*\"}]}";
    private static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},\"Action\":\"sts:AssumeRole\"}]}";

    private static IamNode node;

    @BeforeAll
    static void start() {
        node = IamNode.start("__millrace_iam_actions_it");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void usersAreCreatedDescribedListedAndDeleted() {
        JsonNode created = node.iam("CreateUser", form("UserName", "Alice", "Path", "/team/"))
                .get("User");
        assertThat(created.get("UserName").asText()).isEqualTo("Alice");
        assertThat(created.get("Path").asText()).isEqualTo("/team/");
        assertThat(created.get("UserId").asText()).matches("AIDA[A-Z2-7]{17}");
        assertThat(created.get("Arn").asText()).isEqualTo("arn:aws:iam::123456789012:user/team/Alice");
        assertThat(created.get("CreateDate").isPojo()).isTrue();
        assertThat(((com.fasterxml.jackson.databind.node.POJONode) created.get("CreateDate")).getPojo())
                .isInstanceOf(Instant.class);

        // IAM names are unique without regard to case, and found in any case.
        assertError(
                node.iamError("CreateUser", form("UserName", "alice")),
                "EntityAlreadyExists",
                409,
                "User with name Alice already exists.");
        assertThat(node.iam("GetUser", form("UserName", "ALICE")).get("User").get("UserId"))
                .isEqualTo(created.get("UserId"));
        assertThat(names(node.iam("ListUsers", form("PathPrefix", "/team/")), "Users", "UserName"))
                .containsExactly("Alice");

        node.iam("DeleteUser", form("UserName", "alice"));
        assertError(
                node.iamError("GetUser", form("UserName", "Alice")),
                "NoSuchEntity",
                404,
                "The user with name Alice cannot be found.");
        assertError(
                node.iamError("DeleteUser", form("UserName", "Alice")),
                "NoSuchEntity",
                404,
                "The user with name Alice cannot be found.");
    }

    @Test
    void malformedRequestsGetIamsValidationError() {
        assertError(
                node.iamError("CreateUser", form("UserName", "a b")),
                "ValidationError",
                400,
                "1 validation error detected: Value 'a b' at 'userName' failed to satisfy constraint: Member must"
                        + " satisfy regular expression pattern: [\\w+=,.@-]+");
        assertError(
                node.iamError("CreateUser", form()),
                "ValidationError",
                400,
                "1 validation error detected: Value null at 'userName' failed to satisfy constraint: Member must"
                        + " not be null");
        assertThat(node.iamError("CreateUser", form("UserName", "u", "Path", "nopath"))
                        .getMessage())
                .contains("at 'path'");
        assertThat(node.iamError("ListUsers", form("MaxItems", "ten")).type()).isEqualTo("ValidationError");
        assertThat(node.iamError("ListUsers", form("MaxItems", "0")).getMessage())
                .contains("Member must have value greater than or equal to 1");
        assertThat(node.iamError("ListUsers", form("Marker", "!!!")).type()).isEqualTo("InvalidInput");
    }

    @Test
    void listsArePagedWithMarkers() {
        for (int i = 0; i < 5; i++) {
            node.iam("CreateUser", form("UserName", "page-" + i, "Path", "/paging/"));
        }
        List<String> seen = new ArrayList<>();
        ObjectNode request = form("PathPrefix", "/paging/", "MaxItems", "2");
        int pages = 0;
        while (true) {
            JsonNode page = node.iam("ListUsers", request);
            pages++;
            seen.addAll(names(page, "Users", "UserName"));
            if (!page.get("IsTruncated").asBoolean()) {
                assertThat(page.has("Marker")).isFalse();
                break;
            }
            request.put("Marker", page.get("Marker").asText());
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactly("page-0", "page-1", "page-2", "page-3", "page-4");
    }

    @Test
    void accessKeysAreLimitedToTwoAndAnInactiveKeySignsNothing() {
        node.iam("CreateUser", form("UserName", "keys"));
        JsonNode first = node.iam("CreateAccessKey", form("UserName", "keys")).get("AccessKey");
        assertThat(first.get("AccessKeyId").asText()).matches("AKIA[A-Z0-9]{16}");
        assertThat(first.get("SecretAccessKey").asText()).hasSize(40);
        assertThat(first.get("Status").asText()).isEqualTo("Active");
        assertThat(first.get("UserName").asText()).isEqualTo("keys");
        String keyId = first.get("AccessKeyId").asText();

        Optional<SigningCredential> credential = node.service().keys().find(keyId, null);
        assertThat(credential).isPresent();
        assertThat(credential.get().secretAccessKey())
                .isEqualTo(first.get("SecretAccessKey").asText());
        Principal principal = credential.get().principal();
        assertThat(principal.type()).isEqualTo(Principal.Type.USER);
        assertThat(principal.arn()).isEqualTo("arn:aws:iam::123456789012:user/keys");
        assertThat(principal.username()).isEqualTo("keys");
        assertThat(principal.userId()).matches("AIDA[A-Z2-7]{17}");

        // The caller's own user when UserName is absent.
        JsonNode second = node.iam("CreateAccessKey", form(), principal).get("AccessKey");
        assertThat(second.get("UserName").asText()).isEqualTo("keys");
        assertError(
                node.iamError("CreateAccessKey", form("UserName", "keys")),
                "LimitExceeded",
                409,
                "Cannot exceed quota for AccessKeysPerUser: 2");
        assertThat(names(node.iam("ListAccessKeys", form(), principal), "AccessKeyMetadata", "AccessKeyId"))
                .containsExactlyInAnyOrder(keyId, second.get("AccessKeyId").asText());
        assertThat(node.iam("ListAccessKeys", form("UserName", "keys"))
                        .get("AccessKeyMetadata")
                        .get(0)
                        .has("SecretAccessKey"))
                .isFalse();

        node.iam("UpdateAccessKey", form("UserName", "keys", "AccessKeyId", keyId, "Status", "Inactive"));
        assertThat(node.service().keys().find(keyId, null)).isEmpty();
        node.iam("UpdateAccessKey", form("UserName", "keys", "AccessKeyId", keyId, "Status", "Active"));
        assertThat(node.service().keys().find(keyId, null)).isPresent();
        assertThat(node.iamError("UpdateAccessKey", form("AccessKeyId", keyId, "Status", "Paused"), principal)
                        .getMessage())
                .contains("Member must satisfy enum value set: [Active, Inactive, Expired]");

        assertError(
                node.iamError("DeleteUser", form("UserName", "keys")),
                "DeleteConflict",
                409,
                "Cannot delete entity, must delete access keys first.");
        node.iam("DeleteAccessKey", form("UserName", "keys", "AccessKeyId", keyId));
        node.iam(
                "DeleteAccessKey", form("AccessKeyId", second.get("AccessKeyId").asText()), principal);
        assertThat(node.service().keys().find(keyId, null)).isEmpty();
        assertError(
                node.iamError("DeleteAccessKey", form("UserName", "keys", "AccessKeyId", keyId)),
                "NoSuchEntity",
                404,
                "The Access Key with id " + keyId + " cannot be found.");
        node.iam("DeleteUser", form("UserName", "keys"));
    }

    @Test
    void aRoleSessionMustNameTheUserOfAnAccessKey() {
        Principal session = new Principal(
                "arn:aws:sts::123456789012:assumed-role/r/s",
                "arn:aws:iam::123456789012:role/r",
                "123456789012",
                "AROAAAAAAAAAAAAAAAAAA:s",
                null,
                Principal.Type.ASSUMED_ROLE);
        assertError(
                node.iamError("CreateAccessKey", form(), session),
                "ValidationError",
                400,
                "Must specify userName when calling with non-User credentials");
    }

    @Test
    void inlinePoliciesAreReturnedUrlEncodedAndLimitedInTotalSize() {
        node.iam("CreateUser", form("UserName", "writer"));
        node.iam("PutUserPolicy", form("UserName", "writer", "PolicyName", "streams", "PolicyDocument", POLICY));
        JsonNode policy = node.iam("GetUserPolicy", form("UserName", "writer", "PolicyName", "streams"));
        assertThat(policy.get("UserName").asText()).isEqualTo("writer");
        assertThat(policy.get("PolicyDocument").asText()).startsWith("%7B%22Version%22%3A");
        assertThat(URLDecoder.decode(policy.get("PolicyDocument").asText(), StandardCharsets.UTF_8))
                .isEqualTo(POLICY);
        assertThat(node.iam("ListUserPolicies", form("UserName", "writer"))
                        .get("PolicyNames")
                        .get(0)
                        .asText())
                .isEqualTo("streams");

        assertError(
                node.iamError(
                        "PutUserPolicy",
                        form("UserName", "writer", "PolicyName", "bad", "PolicyDocument", "{\"Version\":")),
                "MalformedPolicyDocument",
                400,
                "This policy contains invalid Json");
        // "User policy size: 2,048 characters" in total, white space not counted.
        String padding = " ".repeat(3000);
        String big = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kinesis:"
                + "x".repeat(1800) + "\",\"Resource\":\"*\"}]}";
        node.iam(
                "PutUserPolicy",
                form(
                        "UserName",
                        "writer",
                        "PolicyName",
                        "padded",
                        "PolicyDocument",
                        POLICY.replace(",", "," + padding)));
        assertError(
                node.iamError("PutUserPolicy", form("UserName", "writer", "PolicyName", "big", "PolicyDocument", big)),
                "LimitExceeded",
                409,
                "Maximum policy size of 2048 bytes exceeded for user writer");

        assertError(
                node.iamError("DeleteUser", form("UserName", "writer")),
                "DeleteConflict",
                409,
                "Cannot delete entity, must delete policies first.");
        node.iam("DeleteUserPolicy", form("UserName", "writer", "PolicyName", "streams"));
        node.iam("DeleteUserPolicy", form("UserName", "writer", "PolicyName", "padded"));
        assertError(
                node.iamError("GetUserPolicy", form("UserName", "writer", "PolicyName", "streams")),
                "NoSuchEntity",
                404,
                "The user policy with name streams cannot be found.");
        node.iam("DeleteUser", form("UserName", "writer"));
    }

    @Test
    void rolesKeepTheirTrustPolicySessionLimitAndPolicies() {
        JsonNode role = node.iam(
                        "CreateRole",
                        form(
                                "RoleName",
                                "deployer",
                                "Path",
                                "/ci/",
                                "AssumeRolePolicyDocument",
                                TRUST,
                                "Description",
                                "CI deploys",
                                "MaxSessionDuration",
                                "7200"))
                .get("Role");
        assertThat(role.get("RoleId").asText()).matches("AROA[A-Z2-7]{17}");
        assertThat(role.get("Arn").asText()).isEqualTo("arn:aws:iam::123456789012:role/ci/deployer");
        assertThat(role.get("MaxSessionDuration").asInt()).isEqualTo(7200);
        assertThat(URLDecoder.decode(role.get("AssumeRolePolicyDocument").asText(), StandardCharsets.UTF_8))
                .isEqualTo(TRUST);
        assertThat(node.iamError(
                                "CreateRole",
                                form("RoleName", "r2", "AssumeRolePolicyDocument", TRUST, "MaxSessionDuration", "60"))
                        .getMessage())
                .contains("Member must have value greater than or equal to 3600");
        assertError(
                node.iamError("CreateRole", form("RoleName", "DEPLOYER", "AssumeRolePolicyDocument", TRUST)),
                "EntityAlreadyExists",
                409,
                "Role with name deployer already exists.");

        String newTrust = TRUST.replace(":root", ":user/alice");
        node.iam("UpdateAssumeRolePolicy", form("RoleName", "deployer", "PolicyDocument", newTrust));
        JsonNode described = node.iam("GetRole", form("RoleName", "deployer")).get("Role");
        assertThat(URLDecoder.decode(described.get("AssumeRolePolicyDocument").asText(), StandardCharsets.UTF_8))
                .isEqualTo(newTrust);
        assertThat(described.get("Description").asText()).isEqualTo("CI deploys");
        assertThat(names(node.iam("ListRoles", form("PathPrefix", "/ci/")), "Roles", "RoleName"))
                .containsExactly("deployer");

        node.iam("PutRolePolicy", form("RoleName", "deployer", "PolicyName", "deploy", "PolicyDocument", POLICY));
        assertThat(URLDecoder.decode(
                        node.iam("GetRolePolicy", form("RoleName", "deployer", "PolicyName", "deploy"))
                                .get("PolicyDocument")
                                .asText(),
                        StandardCharsets.UTF_8))
                .isEqualTo(POLICY);
        assertError(
                node.iamError("DeleteRole", form("RoleName", "deployer")),
                "DeleteConflict",
                409,
                "Cannot delete entity, must delete policies first.");
        node.iam("DeleteRolePolicy", form("RoleName", "deployer", "PolicyName", "deploy"));
        node.iam("DeleteRole", form("RoleName", "deployer"));
        assertError(
                node.iamError("GetRole", form("RoleName", "deployer")),
                "NoSuchEntity",
                404,
                "The role with name deployer cannot be found.");
    }

    @Test
    void managedPoliciesAreAttachedCountedAndGiveTheAuthorizerItsDocuments() {
        JsonNode policy = node.iam(
                        "CreatePolicy",
                        form(
                                "PolicyName",
                                "StreamReaders",
                                "Path",
                                "/shared/",
                                "PolicyDocument",
                                POLICY,
                                "Description",
                                "read streams"))
                .get("Policy");
        String arn = policy.get("Arn").asText();
        assertThat(arn).isEqualTo("arn:aws:iam::123456789012:policy/shared/StreamReaders");
        assertThat(policy.get("PolicyId").asText()).matches("ANPA[A-Z2-7]{17}");
        assertThat(policy.get("DefaultVersionId").asText()).isEqualTo("v1");
        assertThat(policy.get("AttachmentCount").asInt()).isZero();
        assertThat(policy.get("IsAttachable").asBoolean()).isTrue();
        assertError(
                node.iamError("CreatePolicy", form("PolicyName", "streamreaders", "PolicyDocument", POLICY)),
                "EntityAlreadyExists",
                409,
                "A policy called StreamReaders already exists. Duplicate names are not allowed.");

        JsonNode user = node.iam("CreateUser", form("UserName", "reader")).get("User");
        node.iam("AttachUserPolicy", form("UserName", "reader", "PolicyArn", arn));
        node.iam("AttachUserPolicy", form("UserName", "reader", "PolicyArn", arn));
        node.iam("PutUserPolicy", form("UserName", "reader", "PolicyName", "own", "PolicyDocument", POLICY));
        assertThat(node.iam("GetPolicy", form("PolicyArn", arn))
                        .get("Policy")
                        .get("AttachmentCount")
                        .asInt())
                .isEqualTo(1);
        assertThat(node.iam("ListAttachedUserPolicies", form("UserName", "reader"))
                        .get("AttachedPolicies"))
                .hasSize(1)
                .first()
                .satisfies(attached -> {
                    assertThat(attached.get("PolicyName").asText()).isEqualTo("StreamReaders");
                    assertThat(attached.get("PolicyArn").asText()).isEqualTo(arn);
                });
        JsonNode version = node.iam("GetPolicyVersion", form("PolicyArn", arn, "VersionId", "v1"))
                .get("PolicyVersion");
        assertThat(version.get("IsDefaultVersion").asBoolean()).isTrue();
        assertThat(URLDecoder.decode(version.get("Document").asText(), StandardCharsets.UTF_8))
                .isEqualTo(POLICY);
        assertThat(node.iamError("GetPolicyVersion", form("PolicyArn", arn, "VersionId", "v2"))
                        .type())
                .isEqualTo("NoSuchEntity");
        assertThat(names(
                        node.iam("ListPolicies", form("Scope", "Local", "OnlyAttached", "true")),
                        "Policies",
                        "PolicyName"))
                .contains("StreamReaders");
        assertThat(node.iam("ListPolicies", form("Scope", "AWS")).get("Policies"))
                .isEmpty();

        Principal reader = new Principal(
                user.get("Arn").asText(),
                user.get("Arn").asText(),
                "123456789012",
                user.get("UserId").asText(),
                "reader",
                Principal.Type.USER);
        assertThat(node.service().keys().policiesOf(reader))
                .extracting(IdentityPolicy::name, IdentityPolicy::document, IdentityPolicy::inline)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("own", POLICY, true),
                        org.assertj.core.groups.Tuple.tuple("StreamReaders", POLICY, false));

        assertError(
                node.iamError("DeletePolicy", form("PolicyArn", arn)),
                "DeleteConflict",
                409,
                "Cannot delete a policy attached to entities.");
        assertError(
                node.iamError("DeleteUser", form("UserName", "reader")),
                "DeleteConflict",
                409,
                "Cannot delete entity, must delete policies first.");
        node.iam("DeleteUserPolicy", form("UserName", "reader", "PolicyName", "own"));
        assertError(
                node.iamError("DeleteUser", form("UserName", "reader")),
                "DeleteConflict",
                409,
                "Cannot delete entity, must detach all policies first.");
        node.iam("DetachUserPolicy", form("UserName", "reader", "PolicyArn", arn));
        assertThat(node.iamError("DetachUserPolicy", form("UserName", "reader", "PolicyArn", arn))
                        .type())
                .isEqualTo("NoSuchEntity");
        node.iam("DeletePolicy", form("PolicyArn", arn));
        assertError(
                node.iamError("GetPolicy", form("PolicyArn", arn)),
                "NoSuchEntity",
                404,
                "Policy " + arn + " was not found.");
        assertError(
                node.iamError("AttachUserPolicy", form("UserName", "reader", "PolicyArn", arn)),
                "NoSuchEntity",
                404,
                "Policy " + arn + " does not exist or is not attachable.");
        node.iam("DeleteUser", form("UserName", "reader"));
    }

    @Test
    void aRoleTakesAtMostTenManagedPolicies() {
        node.iam("CreateRole", form("RoleName", "crowded", "AssumeRolePolicyDocument", TRUST));
        for (int i = 0; i < 11; i++) {
            String arn = node.iam("CreatePolicy", form("PolicyName", "crowd-" + i, "PolicyDocument", POLICY))
                    .get("Policy")
                    .get("Arn")
                    .asText();
            if (i < 10) {
                node.iam("AttachRolePolicy", form("RoleName", "crowded", "PolicyArn", arn));
            } else {
                assertError(
                        node.iamError("AttachRolePolicy", form("RoleName", "crowded", "PolicyArn", arn)),
                        "LimitExceeded",
                        409,
                        "Cannot exceed quota for PoliciesPerRole: 10");
            }
        }
        assertThat(node.iam("ListAttachedRolePolicies", form("RoleName", "crowded"))
                        .get("AttachedPolicies"))
                .hasSize(10);
    }

    @Test
    void eachCallNeedsItsActionOnTheResourceItNames() {
        node.iam("CreateUser", form("UserName", "perm", "Path", "/p/"));
        Principal perm = new Principal(
                "arn:aws:iam::123456789012:user/p/perm",
                "arn:aws:iam::123456789012:user/p/perm",
                "123456789012",
                "AIDAPERMPERMPERMPERMP",
                "perm",
                Principal.Type.USER);
        assertThat(node.iamAccess("CreateAccessKey", form(), perm))
                .containsExactly(AccessRequest.of("iam:CreateAccessKey", "arn:aws:iam::123456789012:user/p/perm"));
        assertThat(node.iamAccess("CreateUser", form("UserName", "new", "Path", "/q/"), perm))
                .containsExactly(AccessRequest.of("iam:CreateUser", "arn:aws:iam::123456789012:user/q/new"));
        assertThat(node.iamAccess("GetRole", form("RoleName", "r"), perm))
                .containsExactly(AccessRequest.of("iam:GetRole", "arn:aws:iam::123456789012:role/r"));
        assertThat(node.iamAccess(
                        "AttachUserPolicy",
                        form("UserName", "perm", "PolicyArn", "arn:aws:iam::123456789012:policy/x"),
                        perm))
                .containsExactly(new AccessRequest(
                        "iam:AttachUserPolicy",
                        "arn:aws:iam::123456789012:user/p/perm",
                        java.util.Map.of("iam:PolicyARN", List.of("arn:aws:iam::123456789012:policy/x"))));
        assertThat(node.iamAccess("GetPolicy", form("PolicyArn", "arn:aws:iam::123456789012:policy/x"), perm))
                .containsExactly(AccessRequest.of("iam:GetPolicy", "arn:aws:iam::123456789012:policy/x"));
        assertThat(node.iamAccess("ListUsers", form(), perm)).containsExactly(AccessRequest.of("iam:ListUsers", "*"));
        assertThat(node.stsAccess("GetCallerIdentity", form(), perm)).isEmpty();
        assertThat(node.stsAccess("AssumeRole", form("RoleArn", "arn:aws:iam::123456789012:role/r"), perm))
                .containsExactly(AccessRequest.of("sts:AssumeRole", "arn:aws:iam::123456789012:role/r"));
        node.iam("DeleteUser", form("UserName", "perm"));
    }

    @Test
    void anUnservedActionIsRefusedAsUnknown() {
        // The Query APIs' word for it (IAM's Common Errors): InvalidAction.
        assertThat(node.iamError("CreateGroup", form("GroupName", "g")).type()).isEqualTo("InvalidAction");
    }

    static void assertError(ApiException error, String type, int status, String message) {
        assertThat(error.type()).isEqualTo(type);
        assertThat(error.status()).isEqualTo(status);
        assertThat(error.getMessage()).isEqualTo(message);
    }

    static List<String> names(JsonNode response, String list, String member) {
        List<String> names = new ArrayList<>();
        response.get(list).forEach(item -> names.add(item.get(member).asText()));
        return names;
    }
}

package io.millrace.iam.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.Validation;
import io.millrace.gateway.protocol.WireCodec;
import io.millrace.iam.documents.PolicyDocumentValidator;
import io.millrace.iam.documents.PolicyDocuments;
import io.millrace.iam.errors.IamErrors;
import io.millrace.iam.identity.IamNames;
import io.millrace.iam.identity.IamQuotas;
import io.millrace.iam.store.IamRecords;
import io.millrace.schemas.iam.RoleRecord;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** CreateRole, GetRole, ListRoles, DeleteRole, UpdateAssumeRolePolicy. */
final class RoleActions {

    /** CreateRole's default MaxSessionDuration: one hour. */
    static final int DEFAULT_MAX_SESSION_DURATION = 3600;

    private static final Logger LOG = LoggerFactory.getLogger(RoleActions.class);

    private final IamContext iam;

    RoleActions(IamContext iam) {
        this.iam = iam;
    }

    CompletionStage<JsonNode> create(AwsRequest request) {
        JsonNode body = request.body();
        String name = iam.fields.text(body, "RoleName");
        String path = iam.fields.text(body, "Path");
        String trust = iam.fields.text(body, "AssumeRolePolicyDocument");
        String description = iam.fields.text(body, "Description");
        Integer maxSession = iam.fields.integer(body, "MaxSessionDuration");
        Validation validation = new Validation().required("roleName", name);
        IamNames.name(validation, "roleName", name, IamNames.ROLE_NAME_MAX);
        IamNames.path(validation, "path", path, IamNames.PATH);
        validation.required("assumeRolePolicyDocument", trust);
        IamNames.document(validation, "assumeRolePolicyDocument", trust);
        validation
                .length("description", description, 0, 1000)
                .pattern("description", description, IamNames.ROLE_DESCRIPTION)
                .range("maxSessionDuration", maxSession, 3600, 43200);
        iam.fields.check(validation);
        checkTrustPolicy(trust);
        RoleRecord role = IamRecords.newRole(
                iam.accountId,
                name,
                path == null ? "/" : path,
                trust,
                description,
                maxSession == null ? DEFAULT_MAX_SESSION_DURATION : maxSession,
                request.receivedAt());
        return iam.write(() -> iam.store.roles().update(name, current -> {
                    if (current != null) {
                        throw IamErrors.roleExists(current.getName());
                    }
                    return role;
                }))
                .thenApply(created -> {
                    LOG.info("Created IAM role {} ({})", created.getName(), created.getRoleId());
                    return IamShapes.wrap("Role", IamShapes.role(created));
                });
    }

    /** "Role trust policy length: 2,048 characters", then the document's grammar. */
    private void checkTrustPolicy(String trust) {
        if (PolicyDocuments.size(trust) > IamQuotas.TRUST_POLICY_SIZE) {
            throw IamErrors.quotaExceeded("ACLSizePerRole", IamQuotas.TRUST_POLICY_SIZE);
        }
        iam.checkDocument(trust, PolicyDocumentValidator.Kind.TRUST);
    }

    CompletionStage<JsonNode> get(AwsRequest request) {
        String name = roleName(request.body(), new Validation());
        return iam.existing(iam.store.roles(), name, () -> IamErrors.roleNotFound(name))
                .thenApply(role -> IamShapes.wrap("Role", IamShapes.role(role)));
    }

    JsonNode list(AwsRequest request) {
        JsonNode body = request.body();
        String prefix = iam.fields.text(body, "PathPrefix");
        Validation validation = new Validation();
        IamNames.path(validation, "pathPrefix", prefix, IamNames.PATH_PREFIX);
        Paging paging = Paging.read(iam.fields, body, validation);
        iam.fields.check(validation);
        List<RoleRecord> roles = iam.store.roles().all().stream()
                .filter(role -> prefix == null || role.getPath().startsWith(prefix))
                .toList();
        return paging.page(roles, role -> role.getName().toLowerCase(Locale.ROOT), "Roles", IamShapes::role);
    }

    CompletionStage<JsonNode> delete(AwsRequest request) {
        String name = roleName(request.body(), new Validation());
        return iam.delete(
                        iam.store.roles(),
                        name,
                        () -> IamErrors.roleNotFound(name),
                        role -> IamContext.requireNoPolicies(role.getInlinePolicies(), role.getAttachedPolicies()),
                        RoleRecord::getName)
                .thenApply(role -> {
                    LOG.info("Deleted IAM role {} ({})", role.getName(), role.getRoleId());
                    return WireCodec.object();
                });
    }

    CompletionStage<JsonNode> updateAssumeRolePolicy(AwsRequest request) {
        Validation validation = new Validation();
        String document = iam.fields.text(request.body(), "PolicyDocument");
        validation.required("policyDocument", document);
        IamNames.document(validation, "policyDocument", document);
        String name = roleName(request.body(), validation);
        checkTrustPolicy(document);
        return iam.write(() -> iam.store.roles().update(name, current -> {
                    if (current == null) {
                        throw IamErrors.roleNotFound(name);
                    }
                    return RoleRecord.newBuilder(current)
                            .setAssumeRolePolicyDocument(document)
                            .build();
                }))
                .thenApply(role -> {
                    LOG.info("Updated the trust policy of IAM role {}", role.getName());
                    return WireCodec.object();
                });
    }

    private String roleName(JsonNode body, Validation validation) {
        String name = iam.fields.text(body, "RoleName");
        validation.required("roleName", name);
        IamNames.name(validation, "roleName", name, IamNames.ROLE_NAME_MAX);
        iam.fields.check(validation);
        return name;
    }
}

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
import io.millrace.schemas.iam.ManagedPolicyRecord;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** CreatePolicy, GetPolicy, GetPolicyVersion, DeletePolicy, ListPolicies: customer managed policies. */
final class ManagedPolicyActions {

    private static final Logger LOG = LoggerFactory.getLogger(ManagedPolicyActions.class);
    private static final Pattern VERSION_ID = Pattern.compile("v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?");

    private final IamContext iam;

    ManagedPolicyActions(IamContext iam) {
        this.iam = iam;
    }

    CompletionStage<JsonNode> create(AwsRequest request) {
        JsonNode body = request.body();
        String name = iam.fields.text(body, "PolicyName");
        String path = iam.fields.text(body, "Path");
        String document = iam.fields.text(body, "PolicyDocument");
        String description = iam.fields.text(body, "Description");
        Validation validation = new Validation().required("policyName", name);
        IamNames.name(validation, "policyName", name, IamNames.POLICY_NAME_MAX);
        IamNames.path(validation, "path", path, IamNames.POLICY_PATH);
        validation.required("policyDocument", document);
        IamNames.document(validation, "policyDocument", document);
        validation.length("description", description, 0, 1000);
        iam.fields.check(validation);
        if (PolicyDocuments.size(document) > IamQuotas.MANAGED_POLICY_SIZE) {
            throw IamErrors.quotaExceeded("PolicySize", IamQuotas.MANAGED_POLICY_SIZE);
        }
        iam.checkDocument(document, PolicyDocumentValidator.Kind.IDENTITY);
        ManagedPolicyRecord policy = IamRecords.newPolicy(
                iam.accountId, name, path == null ? "/" : path, document, description, request.receivedAt());
        return iam.write(() -> iam.store.policies().update(name, current -> {
                    if (current != null) {
                        throw IamErrors.policyExists(current.getName());
                    }
                    return policy;
                }))
                .thenApply(created -> {
                    LOG.info("Created IAM policy {} ({})", created.getArn(), created.getPolicyId());
                    return IamShapes.wrap("Policy", IamShapes.policy(created, 0, false));
                });
    }

    CompletionStage<JsonNode> get(AwsRequest request) {
        String arn = policyArn(request.body(), new Validation());
        return existing(arn)
                .thenApply(policy -> IamShapes.wrap(
                        "Policy", IamShapes.policy(policy, iam.store.attachmentCount(policy.getArn()), true)));
    }

    CompletionStage<JsonNode> getVersion(AwsRequest request) {
        Validation validation = new Validation();
        String versionId = iam.fields.text(request.body(), "VersionId");
        validation.required("versionId", versionId).pattern("versionId", versionId, VERSION_ID);
        String arn = policyArn(request.body(), validation);
        return existing(arn)
                .thenApply(policy -> policy.getVersions().stream()
                        .filter(version -> version.getVersionId().equals(versionId))
                        .findFirst()
                        .map(version -> IamShapes.wrap(
                                "PolicyVersion",
                                IamShapes.policyVersion(version, versionId.equals(policy.getDefaultVersionId()))))
                        .orElseThrow(() -> IamErrors.policyVersionNotFound(arn, versionId)));
    }

    /** IAM refuses while any user or role has the policy attached. */
    CompletionStage<JsonNode> delete(AwsRequest request) {
        String arn = policyArn(request.body(), new Validation());
        return iam.write(() -> existing(arn).thenCompose(policy -> {
                    if (iam.store.attachmentCount(arn) > 0) {
                        throw IamErrors.deleteConflict("Cannot delete a policy attached to entities.");
                    }
                    return iam.store.policies().remove(policy, policy.getName()).thenApply(removed -> policy);
                }))
                .thenApply(policy -> {
                    LOG.info("Deleted IAM policy {} ({})", policy.getArn(), policy.getPolicyId());
                    return WireCodec.object();
                });
    }

    /** The account's own policies: Scope AWS lists none, since this endpoint has no AWS managed policies. */
    JsonNode list(AwsRequest request) {
        JsonNode body = request.body();
        String scope = iam.fields.text(body, "Scope");
        Boolean onlyAttached = iam.fields.bool(body, "OnlyAttached");
        String prefix = iam.fields.text(body, "PathPrefix");
        String usage = iam.fields.text(body, "PolicyUsageFilter");
        Validation validation = new Validation()
                .oneOf("scope", scope, List.of("All", "AWS", "Local"))
                .oneOf("policyUsageFilter", usage, List.of("PermissionsPolicy", "PermissionsBoundary"));
        IamNames.path(validation, "pathPrefix", prefix, IamNames.POLICY_PATH);
        Paging paging = Paging.read(iam.fields, body, validation);
        iam.fields.check(validation);
        boolean none = "AWS".equals(scope) || "PermissionsBoundary".equals(usage);
        List<ManagedPolicyRecord> policies = iam.store.policies().all().stream()
                .filter(policy -> !none)
                .filter(policy -> prefix == null || policy.getPath().startsWith(prefix))
                .filter(policy -> !Boolean.TRUE.equals(onlyAttached) || iam.store.attachmentCount(policy.getArn()) > 0)
                .toList();
        return paging.page(
                policies,
                policy -> policy.getName().toLowerCase(Locale.ROOT),
                "Policies",
                policy -> IamShapes.policy(policy, iam.store.attachmentCount(policy.getArn()), true));
    }

    private CompletableFuture<ManagedPolicyRecord> existing(String arn) {
        return iam.existing(
                        iam.store.policies(),
                        AttachedPolicyActions.policyName(arn),
                        () -> IamErrors.policyNotFound(arn))
                .thenApply(policy -> {
                    if (!policy.getArn().equals(arn)) {
                        throw IamErrors.policyNotFound(arn);
                    }
                    return policy;
                });
    }

    private String policyArn(JsonNode body, Validation validation) {
        String arn = iam.fields.text(body, "PolicyArn");
        validation.required("policyArn", arn).length("policyArn", arn, 20, 2048);
        iam.fields.check(validation);
        return arn;
    }
}

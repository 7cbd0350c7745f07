package io.millrace.iam.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.Validation;
import io.millrace.gateway.protocol.WireCodec;
import io.millrace.iam.documents.PolicyDocumentValidator;
import io.millrace.iam.documents.PolicyDocuments;
import io.millrace.iam.errors.IamErrors;
import io.millrace.iam.identity.IamNames;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Put/Get/Delete/List{User,Role}Policy: the inline policies of one kind of identity. */
final class InlinePolicyActions<V> {

    private static final Logger LOG = LoggerFactory.getLogger(InlinePolicyActions.class);

    private final IamContext iam;
    private final PolicyHolder<V> holder;

    InlinePolicyActions(IamContext iam, PolicyHolder<V> holder) {
        this.iam = iam;
        this.holder = holder;
    }

    /**
     * Creates or replaces the policy. The total size of the identity's inline policies is a quota ("User policy
     * size: 2,048 characters", "Role policy size: 10,240 characters"), refused in IAM's words.
     */
    CompletionStage<JsonNode> put(AwsRequest request) {
        JsonNode body = request.body();
        String document = iam.fields.text(body, "PolicyDocument");
        Validation validation = new Validation();
        String entityName = holder.readName(iam.fields, body, validation);
        String policyName = policyName(body, validation);
        validation.required("policyDocument", document);
        IamNames.document(validation, "policyDocument", document);
        iam.fields.check(validation);
        iam.checkDocument(document, PolicyDocumentValidator.Kind.IDENTITY);
        return iam.write(() -> holder.entities().update(entityName, current -> {
                    if (current == null) {
                        throw holder.notFound(entityName);
                    }
                    Map<String, String> policies =
                            new HashMap<>(holder.inlinePolicies().apply(current));
                    policies.put(policyName, document);
                    int size = policies.values().stream()
                            .mapToInt(PolicyDocuments::size)
                            .sum();
                    if (size > holder.inlinePoliciesSize()) {
                        throw IamErrors.limitExceeded(
                                "Maximum policy size of " + holder.inlinePoliciesSize() + " bytes exceeded for "
                                        + holder.kind() + " " + holder.name().apply(current));
                    }
                    return holder.withInlinePolicies().apply(current, policies);
                }))
                .thenApply(entity -> {
                    LOG.info(
                            "Put inline policy {} of IAM {} {}",
                            policyName,
                            holder.kind(),
                            holder.name().apply(entity));
                    return WireCodec.object();
                });
    }

    CompletionStage<JsonNode> get(AwsRequest request) {
        Validation validation = new Validation();
        String entityName = holder.readName(iam.fields, request.body(), validation);
        String policyName = policyName(request.body(), validation);
        iam.fields.check(validation);
        return iam.existing(holder.entities(), entityName, () -> holder.notFound(entityName))
                .thenApply(entity -> {
                    String document = holder.inlinePolicies().apply(entity).get(policyName);
                    if (document == null) {
                        throw IamErrors.inlinePolicyNotFound(holder.kind(), policyName);
                    }
                    ObjectNode response = WireCodec.object();
                    response.put(holder.nameMember(), holder.name().apply(entity));
                    response.put("PolicyName", policyName);
                    response.put("PolicyDocument", PolicyDocuments.urlEncoded(document));
                    return response;
                });
    }

    CompletionStage<JsonNode> delete(AwsRequest request) {
        Validation validation = new Validation();
        String entityName = holder.readName(iam.fields, request.body(), validation);
        String policyName = policyName(request.body(), validation);
        iam.fields.check(validation);
        return iam.write(() -> holder.entities().update(entityName, current -> {
                    if (current == null) {
                        throw holder.notFound(entityName);
                    }
                    Map<String, String> policies =
                            new HashMap<>(holder.inlinePolicies().apply(current));
                    if (policies.remove(policyName) == null) {
                        throw IamErrors.inlinePolicyNotFound(holder.kind(), policyName);
                    }
                    return holder.withInlinePolicies().apply(current, policies);
                }))
                .thenApply(entity -> {
                    LOG.info(
                            "Deleted inline policy {} of IAM {} {}",
                            policyName,
                            holder.kind(),
                            holder.name().apply(entity));
                    return WireCodec.object();
                });
    }

    CompletionStage<JsonNode> list(AwsRequest request) {
        Validation validation = new Validation();
        String entityName = holder.readName(iam.fields, request.body(), validation);
        Paging paging = Paging.read(iam.fields, request.body(), validation);
        iam.fields.check(validation);
        return iam.existing(holder.entities(), entityName, () -> holder.notFound(entityName))
                .thenApply(entity -> paging.page(
                        List.copyOf(holder.inlinePolicies().apply(entity).keySet()),
                        name -> name,
                        "PolicyNames",
                        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance::textNode));
    }

    private String policyName(JsonNode body, Validation validation) {
        String name = iam.fields.text(body, "PolicyName");
        validation.required("policyName", name);
        IamNames.name(validation, "policyName", name, IamNames.POLICY_NAME_MAX);
        return name;
    }
}

package io.millrace.iam.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.Validation;
import io.millrace.gateway.protocol.WireCodec;
import io.millrace.iam.errors.IamErrors;
import io.millrace.iam.identity.IamArns;
import io.millrace.iam.identity.IamNames;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Attach/Detach{User,Role}Policy and ListAttached{User,Role}Policies: the managed policies of one kind of identity. */
final class AttachedPolicyActions<V> {

    private static final Logger LOG = LoggerFactory.getLogger(AttachedPolicyActions.class);

    private final IamContext iam;
    private final PolicyHolder<V> holder;

    AttachedPolicyActions(IamContext iam, PolicyHolder<V> holder) {
        this.iam = iam;
        this.holder = holder;
    }

    /** Attaching a policy already attached changes nothing, as in IAM. */
    CompletionStage<JsonNode> attach(AwsRequest request) {
        Validation validation = new Validation();
        String entityName = holder.readName(iam.fields, request.body(), validation);
        String arn = policyArn(request.body(), validation);
        iam.fields.check(validation);
        return iam.write(() -> iam.existing(
                                iam.store.policies(), policyName(arn), () -> IamErrors.policyNotAttachable(arn))
                        .thenCompose(policy -> {
                            if (!policy.getArn().equals(arn)) {
                                throw IamErrors.policyNotAttachable(arn);
                            }
                            return holder.entities().update(entityName, current -> {
                                if (current == null) {
                                    throw holder.notFound(entityName);
                                }
                                List<String> attached = new ArrayList<>(
                                        holder.attachedPolicies().apply(current));
                                if (attached.contains(arn)) {
                                    return null;
                                }
                                if (attached.size() >= holder.attachedQuota()) {
                                    throw IamErrors.quotaExceeded(holder.attachedQuotaName(), holder.attachedQuota());
                                }
                                attached.add(arn);
                                return holder.withAttachedPolicies().apply(current, attached);
                            });
                        }))
                .thenApply(entity -> {
                    LOG.info("Attached {} to IAM {} {}", arn, holder.kind(), entityName);
                    return WireCodec.object();
                });
    }

    CompletionStage<JsonNode> detach(AwsRequest request) {
        Validation validation = new Validation();
        String entityName = holder.readName(iam.fields, request.body(), validation);
        String arn = policyArn(request.body(), validation);
        iam.fields.check(validation);
        return iam.write(() -> holder.entities().update(entityName, current -> {
                    if (current == null) {
                        throw holder.notFound(entityName);
                    }
                    List<String> attached =
                            new ArrayList<>(holder.attachedPolicies().apply(current));
                    if (!attached.remove(arn)) {
                        throw IamErrors.policyNotAttached(arn);
                    }
                    return holder.withAttachedPolicies().apply(current, attached);
                }))
                .thenApply(entity -> {
                    LOG.info("Detached {} from IAM {} {}", arn, holder.kind(), entityName);
                    return WireCodec.object();
                });
    }

    CompletionStage<JsonNode> list(AwsRequest request) {
        Validation validation = new Validation();
        String entityName = holder.readName(iam.fields, request.body(), validation);
        String prefix = iam.fields.text(request.body(), "PathPrefix");
        IamNames.path(validation, "pathPrefix", prefix, IamNames.POLICY_PATH);
        Paging paging = Paging.read(iam.fields, request.body(), validation);
        iam.fields.check(validation);
        return iam.existing(holder.entities(), entityName, () -> holder.notFound(entityName))
                .thenApply(entity -> paging.page(
                        holder.attachedPolicies().apply(entity).stream()
                                .filter(arn -> prefix == null
                                        || IamArns.parse(arn)
                                                .map(parsed -> parsed.path().startsWith(prefix))
                                                .orElse(false))
                                .toList(),
                        arn -> arn,
                        "AttachedPolicies",
                        IamShapes::attachedPolicy));
    }

    private String policyArn(JsonNode body, Validation validation) {
        String arn = iam.fields.text(body, "PolicyArn");
        validation.required("policyArn", arn).length("policyArn", arn, 20, 2048);
        return arn;
    }

    /** The name in a policy ARN; an ARN that names no customer policy finds none. */
    static String policyName(String arn) {
        return IamArns.parse(arn)
                .filter(parsed -> parsed.kind().equals("policy"))
                .map(IamArns.Parsed::name)
                .orElse("");
    }
}

package io.millrace.iam.policy;

import java.util.List;
import java.util.Objects;

/**
 * What {@link PolicyEvaluator} decides on: the caller, the IAM action ({@code kinesis:PutRecord}), the resource's
 * ARN ({@code *} for actions on no resource), the account that owns the resource (the caller's own for {@code *}),
 * the caller's identity-based policies, the resource's policy (null when it has none) and the request context for
 * conditions and policy variables.
 */
public record EvaluationRequest(
        Caller caller,
        String action,
        String resource,
        String resourceAccount,
        List<PolicyDocument> identityPolicies,
        PolicyDocument resourcePolicy,
        ConditionContext context) {

    public EvaluationRequest {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(resourceAccount, "resourceAccount");
        identityPolicies = List.copyOf(identityPolicies);
        Objects.requireNonNull(context, "context");
        for (PolicyDocument policy : identityPolicies) {
            if (policy.kind() != PolicyDocument.Kind.IDENTITY) {
                throw new IllegalArgumentException("not an identity-based policy: " + policy);
            }
        }
        if (resourcePolicy != null && resourcePolicy.kind() == PolicyDocument.Kind.IDENTITY) {
            throw new IllegalArgumentException("not a resource-based policy: " + resourcePolicy);
        }
    }
}

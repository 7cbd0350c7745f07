package io.millrace.iam.policy;

import java.util.List;
import java.util.Objects;

/**
 * What {@link PolicyEvaluator} decides on: the caller, the IAM action ({@code kinesis:PutRecord}), the resource's
 * ARN ({@code *} for actions on no resource), the account that owns the resource (the caller's own for {@code *}),
 * the caller's identity-based policies, the resource's policy (null when it has none), the request context for
 * conditions and policy variables, and the session policies of a role session that was given some (null when it was
 * given none, which is not the same as an empty list: session policies that grant nothing).
 */
public record EvaluationRequest(
        Caller caller,
        String action,
        String resource,
        String resourceAccount,
        List<PolicyDocument> identityPolicies,
        PolicyDocument resourcePolicy,
        ConditionContext context,
        List<PolicyDocument> sessionPolicies) {

    /** A request without session policies. */
    public EvaluationRequest(
            Caller caller,
            String action,
            String resource,
            String resourceAccount,
            List<PolicyDocument> identityPolicies,
            PolicyDocument resourcePolicy,
            ConditionContext context) {
        this(caller, action, resource, resourceAccount, identityPolicies, resourcePolicy, context, null);
    }

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
        if (sessionPolicies != null) {
            sessionPolicies = List.copyOf(sessionPolicies);
            for (PolicyDocument policy : sessionPolicies) {
                if (policy.kind() != PolicyDocument.Kind.IDENTITY) {
                    throw new IllegalArgumentException("a session policy has the grammar of an identity policy");
                }
            }
        }
        if (resourcePolicy != null && resourcePolicy.kind() == PolicyDocument.Kind.IDENTITY) {
            throw new IllegalArgumentException("not a resource-based policy: " + resourcePolicy);
        }
    }
}

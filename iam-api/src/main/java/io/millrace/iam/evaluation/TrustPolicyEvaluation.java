package io.millrace.iam.evaluation;

import io.millrace.iam.policy.Caller;
import io.millrace.iam.policy.ConditionContext;
import io.millrace.iam.policy.EvaluationRequest;
import io.millrace.iam.policy.PolicyDocument;
import io.millrace.iam.policy.PolicyEvaluator;
import io.millrace.iam.sts.TrustPolicyCheck;
import java.util.List;
import java.util.Optional;

/**
 * AssumeRole's check of the role's trust policy, as AWS makes it: whoever assumes a role must be named by its trust
 * policy, by ARN or through its account (the usual {@code arn:aws:iam::ACCOUNT:root}), even in the role's own
 * account, unlike other resource policies. Whether the caller's own policies must also allow {@code sts:AssumeRole}
 * is the gateway's authorization of the call, made before with the trust policy as the role's resource policy.
 * Condition keys {@code sts:RoleSessionName} and {@code sts:ExternalId} are given to the conditions.
 */
final class TrustPolicyEvaluation implements TrustPolicyCheck {

    private final ParsedPolicies trustDocuments = ParsedPolicies.trust();

    @Override
    public boolean allows(Attempt attempt) {
        Optional<PolicyDocument> trust = trustDocuments.of(attempt.trustPolicy());
        if (trust.isEmpty()) {
            return false;
        }
        Caller caller = Callers.of(attempt.caller());
        ConditionContext.Builder conditions = ConditionContext.builder().caller(caller);
        if (attempt.roleSessionName() != null) {
            conditions.put("sts:RoleSessionName", attempt.roleSessionName());
        }
        if (attempt.externalId() != null) {
            conditions.put("sts:ExternalId", attempt.externalId());
        }
        // The trust side alone: evaluated as across accounts (a resource account that is no account) with an
        // identity side that allows everything, the evaluator answers exactly "does the trust policy allow this
        // caller, by ARN or by account, with no explicit deny"; the identity side is the gateway's check, made before.
        return PolicyEvaluator.evaluate(new EvaluationRequest(
                        caller,
                        "sts:AssumeRole",
                        attempt.roleArn(),
                        NO_ACCOUNT,
                        List.of(ALLOW_ALL),
                        trust.get(),
                        conditions.build()))
                .allowed();
    }

    private static final String NO_ACCOUNT = "";

    private static final PolicyDocument ALLOW_ALL = PolicyDocument.parseIdentityPolicy(
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}");
}

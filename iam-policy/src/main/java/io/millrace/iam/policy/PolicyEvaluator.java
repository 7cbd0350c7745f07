package io.millrace.iam.policy;

import java.util.List;

/**
 * Decides a request as AWS's policy evaluation logic does, for identity-based and resource-based policies (IAM User
 * Guide, "Policy evaluation logic",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html, and "Cross-account
 * policy evaluation logic",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html):
 *
 * <ol>
 *   <li>an explicit Deny in any policy that applies wins: the caller's identity policies, or a statement of the
 *       resource policy that names the caller (directly, through its account, or {@code *});
 *   <li>within one account, an Allow in an identity policy suffices, and so does an Allow in the resource policy that
 *       names the caller itself (its ARN, the role of its session, or {@code *}); a resource policy that names only
 *       the account leaves the decision to the account's identity policies;
 *   <li>across accounts, both sides must allow: the caller's identity policies and the resource policy (naming the
 *       caller or its account);
 *   <li>otherwise the request is implicitly denied.
 * </ol>
 *
 * <p>The account's root user has no identity policies and needs none: it may do everything its account may, so only
 * a resource policy can deny it (or, across accounts, fail to allow it). A service principal ({@link
 * Caller#service}) has neither account nor identity policies: only a resource policy statement naming it (or
 * {@code *}) allows it, a role's trust policy in practice. A role session given session policies
 * may do only what they allow too (an explicit deny in one wins), unless a resource policy names the session itself
 * (IAM User Guide, "Session policies"). Permissions boundaries, SCPs and RCPs are not modelled. Stateless and thread-safe; it allocates nothing on the allow path when the
 * policies have no variables.
 */
public final class PolicyEvaluator {

    private PolicyEvaluator() {}

    public static EvaluationResult evaluate(EvaluationRequest request) {
        Caller caller = request.caller();
        String action = request.action();
        String resource = request.resource();
        ConditionContext context = request.context();

        boolean identityAllows = caller.type() == Caller.Type.ROOT;
        List<PolicyDocument> identityPolicies = request.identityPolicies();
        for (int p = 0; p < identityPolicies.size(); p++) {
            List<Statement> statements = identityPolicies.get(p).statements();
            for (int s = 0; s < statements.size(); s++) {
                Statement statement = statements.get(s);
                if (statement.applies(action, resource, context)) {
                    if (statement.effect() == Effect.DENY) {
                        return EvaluationResult.DENIED_BY_IDENTITY_POLICY;
                    }
                    identityAllows = true;
                }
            }
        }

        // Session policies: an explicit deny in one wins; otherwise they bound what the role's policies (and a
        // resource policy naming the role rather than the session) allow.
        boolean sessionAllows = true;
        List<PolicyDocument> sessionPolicies = request.sessionPolicies();
        if (sessionPolicies != null) {
            sessionAllows = false;
            for (PolicyDocument policy : sessionPolicies) {
                for (Statement statement : policy.statements()) {
                    if (statement.applies(action, resource, context)) {
                        if (statement.effect() == Effect.DENY) {
                            return EvaluationResult.DENIED_BY_SESSION_POLICY;
                        }
                        sessionAllows = true;
                    }
                }
            }
        }

        PrincipalList.Match resourceAllows = PrincipalList.Match.NONE;
        boolean resourceNamesSession = false;
        if (request.resourcePolicy() != null) {
            List<Statement> statements = request.resourcePolicy().statements();
            for (int s = 0; s < statements.size(); s++) {
                Statement statement = statements.get(s);
                PrincipalList.Match match = statement.principalMatch(caller);
                if (match == PrincipalList.Match.NONE || !statement.applies(action, resource, context)) {
                    continue;
                }
                if (statement.effect() == Effect.DENY) {
                    return EvaluationResult.DENIED_BY_RESOURCE_POLICY;
                }
                if (match.compareTo(resourceAllows) > 0) {
                    resourceAllows = match;
                }
                resourceNamesSession |= statement.namesExactly(caller.arn());
            }
        }

        if (caller.type() == Caller.Type.SERVICE) {
            // A service has no account and no identity policies: the resource policy naming it decides.
            return resourceAllows == PrincipalList.Match.DIRECT
                    ? EvaluationResult.ALLOWED
                    : EvaluationResult.noResourcePolicyAllows(action);
        }
        // A resource policy naming the session's own ARN grants past the session policies (AWS: "the permissions
        // from the resource-based policy are added after the session is created").
        if (resourceNamesSession
                && sessionPolicies != null
                && caller.accountId().equals(request.resourceAccount())) {
            return EvaluationResult.ALLOWED;
        }
        if (caller.accountId().equals(request.resourceAccount())) {
            if (!identityAllows && resourceAllows != PrincipalList.Match.DIRECT) {
                return EvaluationResult.noIdentityPolicyAllows(action);
            }
            return sessionAllows ? EvaluationResult.ALLOWED : EvaluationResult.noSessionPolicyAllows(action);
        }
        if (!identityAllows) {
            return EvaluationResult.noIdentityPolicyAllows(action);
        }
        if (!sessionAllows) {
            return EvaluationResult.noSessionPolicyAllows(action);
        }
        return resourceAllows != PrincipalList.Match.NONE
                ? EvaluationResult.ALLOWED
                : EvaluationResult.noResourcePolicyAllows(action);
    }
}

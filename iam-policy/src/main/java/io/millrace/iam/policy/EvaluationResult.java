package io.millrace.iam.policy;

import java.util.Objects;

/**
 * The decision on one request: allowed, explicitly denied or implicitly denied (the values of IAM's
 * {@code EvalDecision}: {@code allowed}, {@code explicitDeny}, {@code implicitDeny}), and for a denial the end of
 * AWS's AccessDenied message, after the resource: {@code because no identity-based policy allows the
 * kinesis:PutRecord action}, {@code with an explicit deny in a resource-based policy}.
 */
public record EvaluationResult(Decision decision, String reason) {

    /** IAM's decisions, with the names its policy simulator gives them. */
    public enum Decision {
        ALLOWED("allowed"),
        EXPLICIT_DENY("explicitDeny"),
        IMPLICIT_DENY("implicitDeny");

        private final String evalDecision;

        Decision(String evalDecision) {
            this.evalDecision = evalDecision;
        }

        /** As {@code iam:SimulatePrincipalPolicy} spells it. */
        public String evalDecision() {
            return evalDecision;
        }
    }

    static final EvaluationResult ALLOWED = new EvaluationResult(Decision.ALLOWED, "");
    static final EvaluationResult DENIED_BY_IDENTITY_POLICY =
            new EvaluationResult(Decision.EXPLICIT_DENY, "with an explicit deny in an identity-based policy");
    static final EvaluationResult DENIED_BY_RESOURCE_POLICY =
            new EvaluationResult(Decision.EXPLICIT_DENY, "with an explicit deny in a resource-based policy");

    static final EvaluationResult DENIED_BY_SESSION_POLICY =
            new EvaluationResult(Decision.EXPLICIT_DENY, "with an explicit deny in a session policy");

    public EvaluationResult {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(reason, "reason");
    }

    static EvaluationResult noSessionPolicyAllows(String action) {
        return new EvaluationResult(
                Decision.IMPLICIT_DENY, "because no session policy allows the " + action + " action");
    }

    static EvaluationResult noIdentityPolicyAllows(String action) {
        return new EvaluationResult(
                Decision.IMPLICIT_DENY, "because no identity-based policy allows the " + action + " action");
    }

    static EvaluationResult noResourcePolicyAllows(String action) {
        return new EvaluationResult(
                Decision.IMPLICIT_DENY, "because no resource-based policy allows the " + action + " action");
    }

    public boolean allowed() {
        return decision == Decision.ALLOWED;
    }
}

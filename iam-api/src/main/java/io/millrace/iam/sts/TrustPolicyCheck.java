package io.millrace.iam.sts;

import io.millrace.gateway.access.Principal;

/**
 * Whether a role's trust policy lets a caller assume it (AssumeRole). The default, {@link #SAME_ACCOUNT}, trusts
 * every principal of the role's own account and nobody else, whatever the document says.
 *
 * <p>MERGE POINT: the iam-policy module's evaluator replaces {@link #SAME_ACCOUNT} here (one place, passed to
 * {@link io.millrace.iam.IamService}): it evaluates the trust policy's {@code sts:AssumeRole} statements for the
 * caller with the request's context keys ({@code sts:ExternalId}, {@code sts:RoleSessionName}).
 */
@FunctionalInterface
public interface TrustPolicyCheck {

    /** One AssumeRole call as the trust policy sees it. */
    record Attempt(
            String roleArn,
            String roleAccountId,
            String trustPolicy,
            Principal caller,
            String roleSessionName,
            String externalId) {}

    boolean allows(Attempt attempt);

    TrustPolicyCheck SAME_ACCOUNT = attempt -> attempt.caller().accountId().equals(attempt.roleAccountId());
}

package io.millrace.iam.sts;

import io.millrace.gateway.access.Principal;

/**
 * Whether a role's trust policy lets a caller assume it (AssumeRole).
 *
 * <p>The production check evaluates the trust policy ({@code io.millrace.iam.evaluation.IamPolicyLanguage}) for the
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
}

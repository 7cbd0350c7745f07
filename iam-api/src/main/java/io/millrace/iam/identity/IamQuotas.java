package io.millrace.iam.identity;

/**
 * The default quotas of AWS's "IAM and AWS STS quotas" page
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html) that this endpoint enforces, named
 * as IAM names them in LimitExceeded messages. Policy sizes are counted without white space.
 */
public final class IamQuotas {

    /** "Access keys assigned to an IAM user: 2". */
    public static final int ACCESS_KEYS_PER_USER = 2;
    /** "Managed policies attached to an IAM user: 10" (AttachUserPolicy). */
    public static final int POLICIES_PER_USER = 10;
    /** "Managed policies attached to an IAM role: 10" (AttachRolePolicy). */
    public static final int POLICIES_PER_ROLE = 10;
    /** "User policy size: 2,048 characters", the total of a user's inline policies. */
    public static final int USER_INLINE_POLICIES_SIZE = 2048;
    /** "Role policy size: 10,240 characters", the total of a role's inline policies. */
    public static final int ROLE_INLINE_POLICIES_SIZE = 10240;
    /** "Managed policy size: 6,144 characters". */
    public static final int MANAGED_POLICY_SIZE = 6144;
    /** "Role trust policy length: 2,048 characters". */
    public static final int TRUST_POLICY_SIZE = 2048;

    private IamQuotas() {}
}

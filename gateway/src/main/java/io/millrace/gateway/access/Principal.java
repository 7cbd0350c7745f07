package io.millrace.gateway.access;

import java.util.Objects;

/**
 * Who made a request, as IAM names it: the ARN {@code sts:GetCallerIdentity} answers ({@code arn}), the ARN policies
 * match with {@code aws:PrincipalArn} ({@code principalArn}: the role's ARN for an assumed-role session, otherwise
 * the same), the account, the unique id ({@code AIDA...} for a user, {@code AROA...:session} for a role session) and,
 * for an IAM user, its name ({@code aws:username}). A role session may also carry the session policies it was
 * issued with ({@link SessionPolicy}), which limit what its role's policies allow.
 */
public record Principal(
        String arn,
        String principalArn,
        String accountId,
        String userId,
        String username,
        Type type,
        SessionPolicy sessionPolicy) {

    /** The kinds of principal whose requests the gateway serves. */
    public enum Type {
        /** The account itself: every action on the account's resources, as AWS's root user. */
        ROOT,
        /** An IAM user, with its access keys or a session from {@code sts:GetSessionToken}. */
        USER,
        /** A session of a role, from {@code sts:AssumeRole}. */
        ASSUMED_ROLE
    }

    public Principal {
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(principalArn, "principalArn");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(sessionPolicy, "sessionPolicy");
    }

    /** A principal without session policies. */
    public Principal(String arn, String principalArn, String accountId, String userId, String username, Type type) {
        this(arn, principalArn, accountId, userId, username, type, SessionPolicy.NONE);
    }

    /**
     * The account's root ({@code arn:aws:iam::ACCOUNT:root}): the caller of an unsigned request in open mode, and of
     * the keys given as {@code millrace.gateway.credentials}. Its unique id is the account id, as AWS reports it.
     */
    public static Principal root(String accountId) {
        String arn = "arn:aws:iam::" + accountId + ":root";
        return new Principal(arn, arn, accountId, accountId, null, Type.ROOT);
    }
}

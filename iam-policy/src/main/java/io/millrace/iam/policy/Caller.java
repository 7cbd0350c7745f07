package io.millrace.iam.policy;

import java.util.Objects;

/**
 * Who makes the request being evaluated: {@code arn} as the caller sees it ({@code sts:GetCallerIdentity}; the
 * session's {@code arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION} for a role session), {@code principalArn} as
 * {@code aws:PrincipalArn} names it (the role's ARN for a role session, otherwise the same as {@code arn}), the
 * account, the unique id ({@code aws:userid}, may be null) and, for an IAM user, its name ({@code aws:username}).
 * A service principal ({@link #service}) has its name for both ARNs and no account.
 */
public record Caller(String arn, String principalArn, String accountId, String userId, String username, Type type) {

    /** The kinds of principal a request can come from. */
    public enum Type {
        /** The account's root user: every action on the account's own resources, unless a resource policy denies. */
        ROOT("Account"),
        /** An IAM user. */
        USER("User"),
        /** A session of an IAM role. */
        ASSUMED_ROLE("AssumedRole"),
        /**
         * An AWS service acting on an account's behalf ({@code firehose.amazonaws.com}): it belongs to no account,
         * and only a resource policy naming it in a {@code Service} principal lets it in (a role's trust policy).
         */
        SERVICE("Service");

        private final String principalType;

        Type(String principalType) {
            this.principalType = principalType;
        }

        /** The value of {@code aws:PrincipalType} for this kind, as AWS's global condition keys list it. */
        public String principalType() {
            return principalType;
        }
    }

    public Caller {
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(principalArn, "principalArn");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(type, "type");
    }

    public static Caller root(String accountId) {
        String arn = "arn:aws:iam::" + accountId + ":root";
        return new Caller(arn, arn, accountId, accountId, null, Type.ROOT);
    }

    public static Caller user(String accountId, String userArn, String userName, String userId) {
        return new Caller(userArn, userArn, accountId, userId, userName, Type.USER);
    }

    /**
     * A service principal such as {@code firehose.amazonaws.com}. It has no account (an empty account id, which no
     * resource's account equals) and no identity policies; its name stands for its ARN.
     */
    public static Caller service(String servicePrincipal) {
        return new Caller(servicePrincipal, servicePrincipal, NO_ACCOUNT, null, null, Type.SERVICE);
    }

    /** The account of a service principal: none. */
    static final String NO_ACCOUNT = "";

    public static Caller roleSession(String accountId, String sessionArn, String roleArn, String userId) {
        return new Caller(sessionArn, roleArn, accountId, userId, null, Type.ASSUMED_ROLE);
    }
}

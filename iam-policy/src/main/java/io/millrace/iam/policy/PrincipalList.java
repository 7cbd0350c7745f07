package io.millrace.iam.policy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A resource policy statement's Principal or NotPrincipal (IAM User Guide, "AWS JSON policy elements: Principal",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html). {@code "*"} and
 * {@code {"AWS": "*"}} name everyone; an account id or {@code arn:aws:iam::ACCOUNT:root} names the account, which
 * delegates to the account's identity policies; any other ARN names one user, role or role session. A
 * {@code Service} principal names a service ({@code firehose.amazonaws.com}) acting as a role's trust policy lets it;
 * federated principals are kept but never match: the platform has no identity provider.
 */
final class PrincipalList {

    /** How a statement's principals name the caller. */
    enum Match {
        NONE,
        /** Through the caller's account only: the account's identity policies decide within the account. */
        ACCOUNT,
        /** By the caller's own ARN (user, role, session), by {@code *}, or the caller is the account's root. */
        DIRECT
    }

    private static final String ROOT_PREFIX = "arn:aws:iam::";
    private static final String ROOT_SUFFIX = ":root";

    private final boolean everyone;
    private final Set<String> arns;
    private final Set<String> accounts;
    private final Set<String> services;
    private final boolean not;

    PrincipalList(boolean everyone, List<String> awsPrincipals, List<String> servicePrincipals, boolean not) {
        boolean star = everyone;
        Set<String> arnSet = new HashSet<>();
        Set<String> accountSet = new HashSet<>();
        for (String principal : awsPrincipals) {
            String account = accountOf(principal);
            if (principal.equals("*")) {
                star = true;
            } else if (account != null) {
                accountSet.add(account);
            } else {
                arnSet.add(principal);
            }
        }
        this.everyone = star;
        this.arns = Set.copyOf(arnSet);
        this.accounts = Set.copyOf(accountSet);
        this.services = Set.copyOf(servicePrincipals);
        this.not = not;
    }

    /** The account an AWS principal names as a whole (its id or root ARN), or null. */
    static String accountOf(String principal) {
        if (isAccountId(principal)) {
            return principal;
        }
        if (principal.startsWith(ROOT_PREFIX) && principal.endsWith(ROOT_SUFFIX)) {
            String account = principal.substring(ROOT_PREFIX.length(), principal.length() - ROOT_SUFFIX.length());
            return isAccountId(account) ? account : null;
        }
        return null;
    }

    static boolean isAccountId(String text) {
        if (text.length() != 12) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** Whether a Principal (not NotPrincipal) lists {@code arn} itself. */
    boolean namesExactly(String arn) {
        return !not && arns.contains(arn);
    }

    Match match(Caller caller) {
        return not ? notPrincipalMatch(caller) : principalMatch(caller);
    }

    private Match principalMatch(Caller caller) {
        if (caller.type() == Caller.Type.SERVICE) {
            return everyone || services.contains(caller.principalArn()) ? Match.DIRECT : Match.NONE;
        }
        if (everyone || arns.contains(caller.arn()) || arns.contains(caller.principalArn())) {
            return Match.DIRECT;
        }
        if (accounts.contains(caller.accountId())) {
            return caller.type() == Caller.Type.ROOT ? Match.DIRECT : Match.ACCOUNT;
        }
        return Match.NONE;
    }

    /**
     * NotPrincipal leaves out a caller only when every identity AWS evaluates for it is listed: the account, and
     * for a user or role session its ARN (the session's and the role's). Listing a user without its account does
     * not exempt the user (IAM User Guide, "AWS JSON policy elements: NotPrincipal").
     */
    private Match notPrincipalMatch(Caller caller) {
        if (everyone) {
            return Match.NONE;
        }
        if (caller.type() == Caller.Type.SERVICE) {
            return services.contains(caller.principalArn()) ? Match.NONE : Match.DIRECT;
        }
        boolean accountListed = accounts.contains(caller.accountId());
        boolean exempt = caller.type() == Caller.Type.ROOT
                ? accountListed || arns.contains(caller.arn())
                : accountListed && arns.contains(caller.arn()) && arns.contains(caller.principalArn());
        return exempt ? Match.NONE : Match.DIRECT;
    }
}

package io.millrace.iam.identity;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ARNs of IAM and STS: {@code arn:aws:iam::ACCOUNT:user/PATH/NAME} (the path starts and ends with {@code /}, so
 * the default path gives {@code user/NAME}), {@code role/...}, {@code policy/...}, and a role session's
 * {@code arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION} (without the role's path, as STS writes it).
 */
public final class IamArns {

    private static final Pattern IAM_ARN = Pattern.compile("arn:aws:iam::(\\d{12}):(user|role|policy)(/.*/|/)([^/]+)");

    /** The parts of an IAM ARN: account, kind ({@code user}, {@code role}, {@code policy}), path and name. */
    public record Parsed(String accountId, String kind, String path, String name) {}

    private IamArns() {}

    public static String user(String accountId, String path, String name) {
        return iam(accountId, "user", path, name);
    }

    public static String role(String accountId, String path, String name) {
        return iam(accountId, "role", path, name);
    }

    public static String policy(String accountId, String path, String name) {
        return iam(accountId, "policy", path, name);
    }

    public static String assumedRole(String accountId, String roleName, String sessionName) {
        return "arn:aws:sts::" + accountId + ":assumed-role/" + roleName + "/" + sessionName;
    }

    /** An ARN of a user, role or managed policy; empty for anything else. */
    public static Optional<Parsed> parse(String arn) {
        Matcher matcher = IAM_ARN.matcher(arn);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Parsed(matcher.group(1), matcher.group(2), matcher.group(3), matcher.group(4)));
    }

    private static String iam(String accountId, String kind, String path, String name) {
        return "arn:aws:iam::" + accountId + ":" + kind + path + name;
    }
}

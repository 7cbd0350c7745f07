package io.millrace.iam.policy;

/**
 * A policy document IAM would refuse, with IAM's message for it (the text of its {@code MalformedPolicyDocument}
 * error, such as {@code Syntax errors in policy.} or {@code Policy statement must contain actions.}): callers answer
 * it as their service's malformed-policy error.
 */
public final class MalformedPolicyException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public MalformedPolicyException(String message) {
        super(message);
    }
}

package io.millrace.gateway.access;

import java.util.List;
import java.util.Objects;

/**
 * The session policies temporary credentials were issued with (AssumeRole's {@code Policy} and {@code PolicyArns}):
 * the session may do only what both its role's policies and these allow
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session). The gateway carries them
 * with the principal; IAM evaluates them.
 *
 * @param document   the inline session policy, or null
 * @param policyArns the managed policies named as session policies, in the order given
 */
public record SessionPolicy(String document, List<String> policyArns) {

    /** No session policy: the role's policies alone decide. */
    public static final SessionPolicy NONE = new SessionPolicy(null, List.of());

    public SessionPolicy {
        policyArns = List.copyOf(Objects.requireNonNull(policyArns, "policyArns"));
    }

    /** Whether the session was given any session policy, which then limits it. */
    public boolean present() {
        return document != null || !policyArns.isEmpty();
    }
}

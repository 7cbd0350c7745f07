package io.millrace.iam.policy;

import java.util.List;

/**
 * A statement's Action or NotAction: patterns matched case-insensitively, service prefix included
 * ({@code kinesis:Get*}, {@code *}), as the IAM User Guide's "IAM JSON policy elements: Action" describes. A
 * NotAction statement applies to every action its patterns do not match.
 */
final class ActionList {

    private final Glob[] patterns;
    private final boolean not;

    ActionList(List<String> actions, boolean not) {
        this.patterns = actions.stream().map(action -> Glob.of(action, true)).toArray(Glob[]::new);
        this.not = not;
    }

    boolean applies(String action) {
        for (Glob pattern : patterns) {
            if (pattern.matches(action)) {
                return !not;
            }
        }
        return not;
    }
}

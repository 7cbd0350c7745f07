package io.millrace.iam.policy;

import java.util.List;

/** One parsed statement: what it allows or denies, to whom (resource policies), on what, under which conditions. */
final class Statement {

    private final String sid;
    private final Effect effect;
    private final PrincipalList principals;
    private final ActionList actions;
    private final ResourceList resources;
    private final Condition[] conditions;

    Statement(
            String sid,
            Effect effect,
            PrincipalList principals,
            ActionList actions,
            ResourceList resources,
            List<Condition> conditions) {
        this.sid = sid;
        this.effect = effect;
        this.principals = principals;
        this.actions = actions;
        this.resources = resources;
        this.conditions = conditions.toArray(Condition[]::new);
    }

    String sid() {
        return sid;
    }

    Effect effect() {
        return effect;
    }

    /** How this statement's Principal names the caller; identity policy statements name no one. */
    PrincipalList.Match principalMatch(Caller caller) {
        return principals == null ? PrincipalList.Match.NONE : principals.match(caller);
    }

    /** Whether the statement's Principal names {@code arn} itself (not through a wildcard or an account). */
    boolean namesExactly(String arn) {
        return principals != null && principals.namesExactly(arn);
    }

    /** Whether the statement covers the action on the resource and all its conditions hold (they are ANDed). */
    boolean applies(String action, String resource, ConditionContext context) {
        if (!actions.applies(action) || !resources.applies(resource, context)) {
            return false;
        }
        for (Condition condition : conditions) {
            if (!condition.holds(context)) {
                return false;
            }
        }
        return true;
    }
}

package io.millrace.iam.policy;

import java.util.List;

/**
 * A statement's Resource or NotResource: ARN patterns, case-sensitive, with policy variables resolved per request
 * (Version 2012-10-17). A NotResource statement applies to every resource its patterns do not match; a trust
 * policy's statements name no resource and apply to the role they are attached to.
 */
final class ResourceList {

    static final ResourceList ANY = new ResourceList(List.of(), true);

    private final PolicyString[] patterns;
    private final ArnPattern[] compiled;
    private final boolean not;

    ResourceList(List<PolicyString> resources, boolean not) {
        this.patterns = resources.toArray(PolicyString[]::new);
        this.compiled = new ArnPattern[patterns.length];
        for (int i = 0; i < patterns.length; i++) {
            if (patterns[i].isStatic()) {
                compiled[i] = ArnPattern.of(patterns[i].glob(ConditionContext.EMPTY));
            }
        }
        this.not = not;
    }

    boolean applies(String resource, ConditionContext context) {
        for (int i = 0; i < patterns.length; i++) {
            ArnPattern pattern = compiled[i];
            if (pattern == null) {
                Glob glob = patterns[i].glob(context);
                // A variable with no value in the request: this entry matches nothing.
                pattern = glob == null ? null : ArnPattern.of(glob);
            }
            if (pattern != null && pattern.matches(resource)) {
                return !not;
            }
        }
        return not;
    }
}

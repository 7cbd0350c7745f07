package io.millrace.iam.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * A string of a policy (a Resource, a condition value) with its policy variables: {@code ${aws:username}} and the
 * like, with an optional default ({@code ${aws:username, 'nobody'}}), and the escapes {@code ${*}}, {@code ${?}} and
 * {@code ${$}} for a literal {@code *}, {@code ?} and {@code $}. Variables are substituted in Version 2012-10-17
 * policies only; in 2008-10-17 the text is taken as written (IAM User Guide, "IAM policy elements: Variables and
 * tags", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html). A string without
 * variables is resolved once, when the policy is parsed.
 */
final class PolicyString {

    /** One piece: text whose wildcards count, an escaped or substituted literal, or a variable. */
    private record Part(String text, boolean wildcards, String variable, String fallback) {}

    private final String raw;
    private final List<Part> parts;
    private final String staticText;
    private final Glob staticGlob;

    private PolicyString(String raw, List<Part> parts) {
        this.raw = raw;
        this.parts = parts;
        boolean variables = parts.stream().anyMatch(part -> part.variable() != null);
        this.staticText = variables ? null : text(ConditionContext.EMPTY);
        this.staticGlob = variables ? null : glob(ConditionContext.EMPTY);
    }

    static PolicyString parse(String raw, boolean substitute) {
        List<Part> parts = new ArrayList<>();
        int start = 0;
        int at = substitute ? raw.indexOf("${") : -1;
        while (at >= 0) {
            int end = raw.indexOf('}', at + 2);
            if (end < 0) {
                break;
            }
            if (at > start) {
                parts.add(new Part(raw.substring(start, at), true, null, null));
            }
            parts.add(variableOrEscape(raw.substring(at + 2, end)));
            start = end + 1;
            at = raw.indexOf("${", start);
        }
        if (start < raw.length()) {
            parts.add(new Part(raw.substring(start), true, null, null));
        }
        return new PolicyString(raw, List.copyOf(parts));
    }

    private static Part variableOrEscape(String inner) {
        if (inner.equals("*") || inner.equals("?") || inner.equals("$")) {
            return new Part(inner, false, null, null);
        }
        int comma = inner.indexOf(',');
        if (comma < 0) {
            return new Part(null, false, ConditionContext.normalize(inner.trim()), null);
        }
        String fallback = inner.substring(comma + 1).trim();
        if (fallback.length() >= 2 && fallback.startsWith("'") && fallback.endsWith("'")) {
            fallback = fallback.substring(1, fallback.length() - 1);
        }
        return new Part(
                null,
                false,
                ConditionContext.normalize(inner.substring(0, comma).trim()),
                fallback);
    }

    /** Whether the string has no variables: the same for every request. */
    boolean isStatic() {
        return staticText != null;
    }

    /** The string as written in the policy. */
    String raw() {
        return raw;
    }

    /**
     * The string with its variables replaced by the request's values, or null when a variable has no single value
     * and no default: then the policy's value matches nothing, as AWS documents for a missing key.
     */
    String text(ConditionContext context) {
        if (staticText != null) {
            return staticText;
        }
        StringBuilder text = new StringBuilder();
        for (Part part : parts) {
            String piece = resolve(part, context);
            if (piece == null) {
                return null;
            }
            text.append(piece);
        }
        return text.toString();
    }

    /** The string as a wildcard pattern (case-sensitive), or null as for {@link #text}. */
    Glob glob(ConditionContext context) {
        if (staticGlob != null) {
            return staticGlob;
        }
        Glob.Builder glob = Glob.builder(false);
        for (Part part : parts) {
            String piece = resolve(part, context);
            if (piece == null) {
                return null;
            }
            if (part.wildcards()) {
                glob.pattern(piece);
            } else {
                glob.literal(piece);
            }
        }
        return glob.build();
    }

    private static String resolve(Part part, ConditionContext context) {
        if (part.variable() == null) {
            return part.text();
        }
        // A multivalued key cannot be a policy variable: it resolves like a missing one.
        List<String> values = context.lookup(part.variable());
        return values.size() == 1 ? values.get(0) : part.fallback();
    }

    @Override
    public String toString() {
        return raw;
    }
}

package io.millrace.iam.policy;

/** How a numeric or date condition compares the request's value with the policy's. */
enum Comparison {
    EQUALS,
    LESS_THAN,
    LESS_THAN_EQUALS,
    GREATER_THAN,
    GREATER_THAN_EQUALS;

    /** Whether {@code compare(contextValue, policyValue)} satisfies this comparison. */
    boolean holds(int compared) {
        return switch (this) {
            case EQUALS -> compared == 0;
            case LESS_THAN -> compared < 0;
            case LESS_THAN_EQUALS -> compared <= 0;
            case GREATER_THAN -> compared > 0;
            case GREATER_THAN_EQUALS -> compared >= 0;
        };
    }
}

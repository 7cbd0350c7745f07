package io.millrace.iam.policy;

/** One value of a condition, compiled for its operator: does a value of the request context match it? */
@FunctionalInterface
interface ValueTest {

    ValueTest NEVER = (value, context) -> false;

    boolean matches(String contextValue, ConditionContext context);
}

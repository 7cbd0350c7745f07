package io.millrace.iam.policy;

import java.util.List;

/**
 * One condition of a statement: an operator (with its {@code ForAnyValue:}/{@code ForAllValues:} qualifier and
 * {@code IfExists} suffix), one key and the key's values in the policy, ORed. Semantics per the IAM User Guide,
 * "Condition operators" and "Set operators for multivalued context keys"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html):
 *
 * <ul>
 *   <li>a request value satisfies a positive operator when it matches any policy value, a negated one when it
 *       matches none;
 *   <li>without a qualifier, a missing key makes a positive operator false and a negated one true; with several
 *       request values a positive operator needs one to match, a negated one needs none to match;
 *   <li>{@code ForAnyValue:} holds when at least one request value satisfies the operator (false when the key is
 *       missing); {@code ForAllValues:} when every request value does (true when the key is missing);
 *   <li>{@code ...IfExists} holds when the key is missing;
 *   <li>{@code Null} with {@code "true"} holds when the key is missing, with {@code "false"} when present.
 * </ul>
 */
final class Condition {

    enum Qualifier {
        NONE,
        FOR_ANY_VALUE,
        FOR_ALL_VALUES
    }

    private final ConditionOperator operator;
    private final Qualifier qualifier;
    private final boolean ifExists;
    private final String key;
    private final List<PolicyString> policyValues;
    private final ValueTest[] tests;

    Condition(
            ConditionOperator operator,
            Qualifier qualifier,
            boolean ifExists,
            String key,
            List<PolicyString> policyValues) {
        this.operator = operator;
        this.qualifier = qualifier;
        this.ifExists = ifExists;
        this.key = ConditionContext.normalize(key);
        this.policyValues = policyValues;
        this.tests = policyValues.stream().map(operator::compile).toArray(ValueTest[]::new);
    }

    boolean holds(ConditionContext context) {
        List<String> values = context.lookup(key);
        if (operator == ConditionOperator.NULL) {
            return nullCheck(values.isEmpty());
        }
        if (values.isEmpty()) {
            if (ifExists) {
                return true;
            }
            return switch (qualifier) {
                case NONE -> operator.negated();
                case FOR_ANY_VALUE -> false;
                case FOR_ALL_VALUES -> true;
            };
        }
        return switch (qualifier) {
            case NONE, FOR_ANY_VALUE -> anySatisfies(values, context);
            case FOR_ALL_VALUES -> allSatisfy(values, context);
        };
    }

    private boolean anySatisfies(List<String> values, ConditionContext context) {
        if (qualifier == Qualifier.NONE && operator.negated()) {
            // Unqualified negation: no request value may match any policy value.
            return allSatisfy(values, context);
        }
        for (int i = 0; i < values.size(); i++) {
            if (satisfies(values.get(i), context)) {
                return true;
            }
        }
        return false;
    }

    private boolean allSatisfy(List<String> values, ConditionContext context) {
        for (int i = 0; i < values.size(); i++) {
            if (!satisfies(values.get(i), context)) {
                return false;
            }
        }
        return true;
    }

    private boolean satisfies(String value, ConditionContext context) {
        boolean matched = false;
        for (ValueTest test : tests) {
            if (test.matches(value, context)) {
                matched = true;
                break;
            }
        }
        return matched != operator.negated();
    }

    private boolean nullCheck(boolean missing) {
        for (PolicyString value : policyValues) {
            String expected = value.raw();
            if (expected.equalsIgnoreCase("true") ? missing : expected.equalsIgnoreCase("false") && !missing) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        String prefix = switch (qualifier) {
            case NONE -> "";
            case FOR_ANY_VALUE -> "ForAnyValue:";
            case FOR_ALL_VALUES -> "ForAllValues:";
        };
        return prefix + operator.operatorName() + (ifExists ? "IfExists" : "") + " " + key + " " + policyValues;
    }
}

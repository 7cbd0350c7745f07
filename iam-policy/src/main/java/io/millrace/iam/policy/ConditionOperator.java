package io.millrace.iam.policy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The condition operators of the IAM policy language, each with how it compiles one policy value. A negated
 * operator ({@code StringNotEquals}, {@code NotIpAddress}, ...) is the positive one's test, negated over all the
 * policy's values: it holds when the request's value matches none of them (IAM User Guide, "IAM JSON policy
 * elements: Condition operators",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html). Policy
 * variables are substituted in the string, Bool and ARN operators, as that page lists.
 */
enum ConditionOperator {
    STRING_EQUALS("StringEquals", false, ConditionOperator::stringEquals),
    STRING_NOT_EQUALS("StringNotEquals", true, ConditionOperator::stringEquals),
    STRING_EQUALS_IGNORE_CASE("StringEqualsIgnoreCase", false, ConditionOperator::stringEqualsIgnoreCase),
    STRING_NOT_EQUALS_IGNORE_CASE("StringNotEqualsIgnoreCase", true, ConditionOperator::stringEqualsIgnoreCase),
    STRING_LIKE("StringLike", false, ConditionOperator::stringLike),
    STRING_NOT_LIKE("StringNotLike", true, ConditionOperator::stringLike),
    NUMERIC_EQUALS("NumericEquals", false, numeric(Comparison.EQUALS)),
    NUMERIC_NOT_EQUALS("NumericNotEquals", true, numeric(Comparison.EQUALS)),
    NUMERIC_LESS_THAN("NumericLessThan", false, numeric(Comparison.LESS_THAN)),
    NUMERIC_LESS_THAN_EQUALS("NumericLessThanEquals", false, numeric(Comparison.LESS_THAN_EQUALS)),
    NUMERIC_GREATER_THAN("NumericGreaterThan", false, numeric(Comparison.GREATER_THAN)),
    NUMERIC_GREATER_THAN_EQUALS("NumericGreaterThanEquals", false, numeric(Comparison.GREATER_THAN_EQUALS)),
    DATE_EQUALS("DateEquals", false, date(Comparison.EQUALS)),
    DATE_NOT_EQUALS("DateNotEquals", true, date(Comparison.EQUALS)),
    DATE_LESS_THAN("DateLessThan", false, date(Comparison.LESS_THAN)),
    DATE_LESS_THAN_EQUALS("DateLessThanEquals", false, date(Comparison.LESS_THAN_EQUALS)),
    DATE_GREATER_THAN("DateGreaterThan", false, date(Comparison.GREATER_THAN)),
    DATE_GREATER_THAN_EQUALS("DateGreaterThanEquals", false, date(Comparison.GREATER_THAN_EQUALS)),
    BOOL("Bool", false, ConditionOperator::bool),
    BINARY_EQUALS("BinaryEquals", false, ConditionOperator::binaryEquals),
    IP_ADDRESS("IpAddress", false, ConditionOperator::ipAddress),
    NOT_IP_ADDRESS("NotIpAddress", true, ConditionOperator::ipAddress),
    ARN_EQUALS("ArnEquals", false, ConditionOperator::arnLike),
    ARN_LIKE("ArnLike", false, ConditionOperator::arnLike),
    ARN_NOT_EQUALS("ArnNotEquals", true, ConditionOperator::arnLike),
    ARN_NOT_LIKE("ArnNotLike", true, ConditionOperator::arnLike),
    /** Whether the key is absent ({@code "true"}) or present ({@code "false"}): handled by {@link Condition}. */
    NULL("Null", false, value -> ValueTest.NEVER);

    /** The operators whose values may hold policy variables, per the "Condition operators" page. */
    private static final Set<ConditionOperator> WITH_VARIABLES = EnumSet.of(
            STRING_EQUALS,
            STRING_NOT_EQUALS,
            STRING_EQUALS_IGNORE_CASE,
            STRING_NOT_EQUALS_IGNORE_CASE,
            STRING_LIKE,
            STRING_NOT_LIKE,
            BOOL,
            ARN_EQUALS,
            ARN_LIKE,
            ARN_NOT_EQUALS,
            ARN_NOT_LIKE);

    private static final Map<String, ConditionOperator> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(
                    operator -> operator.operatorName.toLowerCase(Locale.ROOT), Function.identity()));

    private final String operatorName;
    private final boolean negated;
    private final Function<PolicyString, ValueTest> compiler;

    ConditionOperator(String operatorName, boolean negated, Function<PolicyString, ValueTest> compiler) {
        this.operatorName = operatorName;
        this.negated = negated;
        this.compiler = compiler;
    }

    /** The operator of this name (any case), or null. */
    static ConditionOperator named(String name) {
        return BY_NAME.get(name.toLowerCase(Locale.ROOT));
    }

    String operatorName() {
        return operatorName;
    }

    boolean negated() {
        return negated;
    }

    /** Whether policy variables in this operator's values are substituted. */
    boolean takesVariables() {
        return WITH_VARIABLES.contains(this);
    }

    ValueTest compile(PolicyString policyValue) {
        return compiler.apply(policyValue);
    }

    private static ValueTest stringEquals(PolicyString policy) {
        return (value, context) -> value.equals(policy.text(context));
    }

    private static ValueTest stringEqualsIgnoreCase(PolicyString policy) {
        return (value, context) -> value.equalsIgnoreCase(policy.text(context));
    }

    private static ValueTest stringLike(PolicyString policy) {
        return (value, context) -> {
            Glob glob = policy.glob(context);
            return glob != null && glob.matches(value);
        };
    }

    private static ValueTest bool(PolicyString policy) {
        return (value, context) -> value.equalsIgnoreCase(policy.text(context));
    }

    private static ValueTest arnLike(PolicyString policy) {
        ArnPattern staticPattern = policy.isStatic() ? ArnPattern.of(policy.glob(ConditionContext.EMPTY)) : null;
        return (value, context) -> {
            if (staticPattern != null) {
                return staticPattern.matches(value);
            }
            Glob glob = policy.glob(context);
            return glob != null && ArnPattern.of(glob).matches(value);
        };
    }

    private static Function<PolicyString, ValueTest> numeric(Comparison comparison) {
        return policy -> {
            BigDecimal expected = decimal(policy.raw());
            if (expected == null) {
                return ValueTest.NEVER;
            }
            return (value, context) -> {
                BigDecimal actual = decimal(value);
                return actual != null && comparison.holds(actual.compareTo(expected));
            };
        };
    }

    private static BigDecimal decimal(String text) {
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Function<PolicyString, ValueTest> date(Comparison comparison) {
        return policy -> {
            long expected = DateValue.epochMillis(policy.raw());
            if (expected == DateValue.INVALID) {
                return ValueTest.NEVER;
            }
            return (value, context) -> {
                long actual = DateValue.epochMillis(value);
                return actual != DateValue.INVALID && comparison.holds(Long.compare(actual, expected));
            };
        };
    }

    private static ValueTest binaryEquals(PolicyString policy) {
        byte[] expected = base64(policy.raw());
        if (expected == null) {
            return ValueTest.NEVER;
        }
        return (value, context) -> Arrays.equals(expected, base64(value));
    }

    private static byte[] base64(String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static ValueTest ipAddress(PolicyString policy) {
        Cidr range = Cidr.parse(policy.raw().trim());
        if (range == null) {
            return ValueTest.NEVER;
        }
        return (value, context) -> range.contains(value);
    }
}

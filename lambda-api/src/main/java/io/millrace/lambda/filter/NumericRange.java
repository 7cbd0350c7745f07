package io.millrace.lambda.filter;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A {@code numeric} rule: {@code ["=", 100]}, or one or two bounds ({@code [">", 0, "<=", 5]}); it holds for a
 * number value within every bound, never for a string (EventBridge's numeric matching, which Lambda's filters use).
 */
final class NumericRange {

    private static final Set<String> OPERATORS = Set.of("=", "<", "<=", ">", ">=");

    private record Bound(String operator, BigDecimal limit) {
        boolean holds(BigDecimal value) {
            int c = value.compareTo(limit);
            return switch (operator) {
                case "=" -> c == 0;
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                default -> c >= 0;
            };
        }
    }

    private final List<Bound> bounds;

    private NumericRange(List<Bound> bounds) {
        this.bounds = bounds;
    }

    static NumericRange parse(String name, JsonNode operand) {
        if (!operand.isArray() || operand.isEmpty() || operand.size() % 2 != 0 || operand.size() > 4) {
            throw new IllegalArgumentException(
                    "numeric of " + name + " takes an operator and a number, or two of each for a range");
        }
        List<Bound> bounds = new ArrayList<>();
        for (int i = 0; i < operand.size(); i += 2) {
            JsonNode operator = operand.get(i);
            JsonNode limit = operand.get(i + 1);
            if (!operator.isTextual() || !OPERATORS.contains(operator.textValue()) || !limit.isNumber()) {
                throw new IllegalArgumentException("numeric of " + name + ": " + operator + " " + limit
                        + " is not one of =, <, <=, >, >= followed by a number");
            }
            bounds.add(new Bound(operator.textValue(), limit.decimalValue()));
        }
        if (bounds.size() == 2
                && (bounds.get(0).operator().equals("=")
                        || bounds.get(1).operator().equals("="))) {
            throw new IllegalArgumentException("numeric of " + name + ": = stands alone");
        }
        return new NumericRange(List.copyOf(bounds));
    }

    boolean test(JsonNode value) {
        if (!value.isNumber()) {
            return false;
        }
        BigDecimal number = value.decimalValue();
        return bounds.stream().allMatch(bound -> bound.holds(number));
    }
}

package io.millrace.dynamodb.item;

import io.millrace.dynamodb.errors.DynamoDbErrors;
import java.math.BigDecimal;

/**
 * DynamoDB's numbers: up to 38 significant digits, magnitudes from 1E-130 to 9.9999999999999999999999999999999999999E+125
 * (API reference, "Number"), positive, negative or zero; anything else is refused with DynamoDB's wording.
 */
public final class Numbers {

    static final int MAX_DIGITS = 38;
    private static final int MAX_EXPONENT = 125;
    private static final int MIN_EXPONENT = -130;

    private Numbers() {}

    /** Parses a number attribute's text; throws DynamoDB's ValidationException when it is not one it stores. */
    public static BigDecimal parse(String text) {
        BigDecimal parsed;
        try {
            String trimmed = text.strip();
            if (trimmed.isEmpty() || trimmed.endsWith(".") && trimmed.length() == 1) {
                throw new NumberFormatException();
            }
            parsed = new BigDecimal(trimmed);
        } catch (NumberFormatException e) {
            throw DynamoDbErrors.validation("A value provided cannot be converted into a number");
        }
        return checked(parsed);
    }

    /** A number computed by an update, checked against the same limits. */
    public static BigDecimal checked(BigDecimal value) {
        BigDecimal normalized = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
        if (normalized.signum() == 0) {
            return BigDecimal.ZERO;
        }
        if (normalized.precision() > MAX_DIGITS) {
            throw DynamoDbErrors.validation("Attempting to store more than 38 significant digits in a Number");
        }
        int exponent = normalized.precision() - normalized.scale() - 1;
        if (exponent > MAX_EXPONENT) {
            throw DynamoDbErrors.validation(
                    "Number overflow. Attempting to store a number with magnitude larger than supported range");
        }
        if (exponent < MIN_EXPONENT) {
            throw DynamoDbErrors.validation(
                    "Number underflow. Attempting to store a number with magnitude smaller than supported range");
        }
        return normalized;
    }

    /** Exact: a result beyond 38 digits is refused, not rounded. */
    public static BigDecimal add(BigDecimal a, BigDecimal b) {
        return checked(a.add(b));
    }

    public static BigDecimal subtract(BigDecimal a, BigDecimal b) {
        return checked(a.subtract(b));
    }
}

package io.millrace.iam.policy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Dates as the Date condition operators read them: ISO 8601 ({@code 2020-04-01T00:00:00Z}, with an offset, or a bare
 * date taken as midnight UTC) or epoch seconds ({@code aws:EpochTime}), per the IAM User Guide's "Date condition
 * operators" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
 */
final class DateValue {

    /** What {@link #epochMillis} answers for a value that is no date. */
    static final long INVALID = Long.MIN_VALUE;

    private DateValue() {}

    static long epochMillis(String value) {
        if (value.isEmpty()) {
            return INVALID;
        }
        if (isEpochSeconds(value)) {
            try {
                return new BigDecimal(value).movePointRight(3).longValue();
            } catch (NumberFormatException | ArithmeticException e) {
                return INVALID;
            }
        }
        try {
            return Instant.parse(value).toEpochMilli();
        } catch (DateTimeParseException notInstant) {
            try {
                return OffsetDateTime.parse(value).toInstant().toEpochMilli();
            } catch (DateTimeParseException notOffset) {
                try {
                    return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC).toEpochMilli();
                } catch (DateTimeParseException notLocal) {
                    try {
                        return LocalDate.parse(value)
                                .atStartOfDay()
                                .toInstant(ZoneOffset.UTC)
                                .toEpochMilli();
                    } catch (DateTimeParseException notDate) {
                        return INVALID;
                    }
                }
            }
        }
    }

    private static boolean isEpochSeconds(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < '0' || c > '9') && c != '.' && !(i == 0 && c == '-')) {
                return false;
            }
        }
        return true;
    }
}

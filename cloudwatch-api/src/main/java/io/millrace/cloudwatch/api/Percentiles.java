package io.millrace.cloudwatch.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CloudWatch's percentile statistics: {@code p} and a percentile from 0 to 100 with up to two decimals ({@code p50},
 * {@code p99.9}, {@code p99.99}), the ExtendedStatistic pattern of the service model,
 * {@code p(\d{1,2}(\.\d{0,2})?|100)}.
 */
final class Percentiles {

    private static final Pattern PERCENTILE = Pattern.compile("p(\\d{1,2}(\\.\\d{0,2})?|100)");

    private Percentiles() {}

    /** The percentile {@code statistic} names, or null when it names none. */
    static Double parse(String statistic) {
        Matcher matcher = PERCENTILE.matcher(statistic);
        return matcher.matches() ? Double.valueOf(matcher.group(1)) : null;
    }
}

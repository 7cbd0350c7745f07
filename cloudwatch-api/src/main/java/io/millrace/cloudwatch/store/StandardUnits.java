package io.millrace.cloudwatch.store;

import java.util.Set;

/** CloudWatch's StandardUnit enumeration, as the service model lists it. */
public final class StandardUnits {

    public static final String NONE = "None";

    public static final Set<String> ALL = Set.of(
            "Seconds",
            "Microseconds",
            "Milliseconds",
            "Bytes",
            "Kilobytes",
            "Megabytes",
            "Gigabytes",
            "Terabytes",
            "Bits",
            "Kilobits",
            "Megabits",
            "Gigabits",
            "Terabits",
            "Percent",
            "Count",
            "Bytes/Second",
            "Kilobytes/Second",
            "Megabytes/Second",
            "Gigabytes/Second",
            "Terabytes/Second",
            "Bits/Second",
            "Kilobits/Second",
            "Megabits/Second",
            "Gigabits/Second",
            "Terabits/Second",
            "Count/Second",
            NONE);

    private StandardUnits() {}
}

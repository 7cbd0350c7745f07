package io.millrace.lambda.metrics;

/**
 * The AWS/Lambda function metrics served, with the units AWS documents for them ("Types of metrics for Lambda
 * functions", https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html). Each sample is one
 * invocation, so Sum and SampleCount mean what AWS says: Errors' Sum is the failed invocations and its Average the
 * error rate.
 */
public enum FunctionFigure {
    /** Every invocation, successful or not (Invoke's RequestResponse and Event, and event source mappings'). */
    INVOCATIONS("Invocations", "Count"),
    /** 1 for an invocation that ended in a function error, 0 otherwise. */
    ERRORS("Errors", "Count"),
    /** The time the function took, from the call to its answer. */
    DURATION("Duration", "Milliseconds"),
    /**
     * For event source mappings of streams: the age of the last record of the event when it was sent, the time
     * between the stream receiving it and the mapping invoking the function with it.
     */
    ITERATOR_AGE("IteratorAge", "Milliseconds"),
    /**
     * 1 for each invocation refused because the function was at its concurrency (its reservation, or the account's
     * unreserved rest): Invoke's TooManyRequestsException, and each throttled attempt of an asynchronous invocation
     * or an event source mapping's batch, which are tried again. A throttled invocation is not in Invocations.
     */
    THROTTLES("Throttles", "Count"),
    /**
     * The invocations running at once, sampled as each starts (AWS: "the number of function instances that are
     * processing events"; its Maximum is the peak). The account-wide figure is sampled from the account's total,
     * not summed over the functions.
     */
    CONCURRENT_EXECUTIONS("ConcurrentExecutions", "Count", true);

    private final String metricName;
    private final String unit;
    private final boolean accountSampled;

    FunctionFigure(String metricName, String unit) {
        this(metricName, unit, false);
    }

    FunctionFigure(String metricName, String unit, boolean accountSampled) {
        this.metricName = metricName;
        this.unit = unit;
        this.accountSampled = accountSampled;
    }

    /** Whether the account-wide figure has samples of its own rather than the sum of the functions'. */
    public boolean accountSampled() {
        return accountSampled;
    }

    public String metricName() {
        return metricName;
    }

    public String unit() {
        return unit;
    }
}

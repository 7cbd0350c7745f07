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
    ITERATOR_AGE("IteratorAge", "Milliseconds");

    private final String metricName;
    private final String unit;

    FunctionFigure(String metricName, String unit) {
        this.metricName = metricName;
        this.unit = unit;
    }

    public String metricName() {
        return metricName;
    }

    public String unit() {
        return unit;
    }
}

package io.millrace.console.metrics;

/** A stream's counters at one moment, as the Kinesis API counts them: totals since start, and the last iterator age. */
public record StreamTotals(
        double incomingBytes,
        double incomingRecords,
        double outgoingBytes,
        double outgoingRecords,
        double writeThrottled,
        double readThrottled,
        double iteratorAgeMillis) {}

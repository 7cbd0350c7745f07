package io.millrace.console.metrics;

import java.util.Map;

/**
 * A stream's counters at one moment, as the Kinesis API counts them: totals since start, and the last iterator age;
 * with its enhanced fan-out consumers' counters by consumer name (none when nobody subscribed).
 */
public record StreamTotals(
        double incomingBytes,
        double incomingRecords,
        double outgoingBytes,
        double outgoingRecords,
        double writeThrottled,
        double readThrottled,
        double iteratorAgeMillis,
        Map<String, ConsumerTotals> consumers) {}

package io.millrace.console.metrics;

/**
 * An enhanced fan-out consumer's counters at one moment, as the Kinesis API counts its SubscribeToShardEvents:
 * bytes and records pushed since start, and the last events' MillisBehindLatest (the largest over the shards).
 */
public record ConsumerTotals(double eventBytes, double eventRecords, double millisBehindLatest) {}

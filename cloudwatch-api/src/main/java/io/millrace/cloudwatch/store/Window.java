package io.millrace.cloudwatch.store;

/** One window of a metric's aggregates: its start (epoch milliseconds) and the statistics of its datapoints. */
public record Window(long startMs, Stats stats) {}

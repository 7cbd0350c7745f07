package io.millrace.cloudwatch.store;

/**
 * What PutMetricData writes to the datapoint topic for one MetricDatum: its statistics at its timestamp, and
 * whether it asked for 1-second storage ({@code StorageResolution} 1).
 */
public record Datapoint(long timestampMs, boolean highResolution, Stats stats) {}

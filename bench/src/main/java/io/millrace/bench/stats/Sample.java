package io.millrace.bench.stats;

/**
 * One second of a run.
 *
 * @param second       seconds since the run started, at the end of the interval
 * @param recordsPerSecond records completed in the interval, per second
 * @param mibPerSecond payload MiB completed in the interval, per second
 * @param p99Millis    99th percentile of the calls completed in the interval, 0 when none
 * @param gauge        highest gauge value in the interval (MillisBehindLatest for readers), -1 when none
 */
public record Sample(double second, double recordsPerSecond, double mibPerSecond, double p99Millis, long gauge) {}

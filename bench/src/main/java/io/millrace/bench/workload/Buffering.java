package io.millrace.bench.workload;

/**
 * A delivery stream's BufferingHints.
 *
 * @param sizeMb          SizeInMBs (S3 and Iceberg 1 to 128, HTTP endpoint 1 to 64, OpenSearch 1 to 100)
 * @param intervalSeconds IntervalInSeconds, 0 to 900
 */
public record Buffering(int sizeMb, int intervalSeconds) {}

package io.millrace.firehose.config;

/**
 * A Lambda processor's parameters and the event fields that describe the delivery stream.
 *
 * @param function where the function lives: an http(s) URL or {@code java:<class name>}
 * @param lambdaArn the LambdaArn as configured, reported in the error envelope
 * @param numberOfRetries NumberOfRetries: retries of a failed invocation, 0 to 300
 * @param bufferSizeBytes BufferSizeInMBs: the most record data sent in one invocation
 * @param timeoutMillis how long one invocation may take
 * @param retryBackoffMillis the first wait after a failed invocation; doubles on each retry, up to 30 s
 * @param sourceKinesisStreamArn the source stream's ARN for a Kinesis source, else null
 * @param urlAllowlist the URLs an http(s) function may have, checked before each call; null when any may
 */
public record LambdaSettings(
        String function,
        String lambdaArn,
        int numberOfRetries,
        long bufferSizeBytes,
        long timeoutMillis,
        long retryBackoffMillis,
        String deliveryStreamArn,
        String region,
        String sourceKinesisStreamArn,
        UrlAllowlist urlAllowlist) {}

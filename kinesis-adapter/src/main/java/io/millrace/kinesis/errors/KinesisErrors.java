package io.millrace.kinesis.errors;

import io.millrace.gateway.protocol.ApiException;
import io.millrace.kinesis.model.sse.KeyException;

/**
 * The error types of Kinesis_20131202 beyond the protocol's own ({@link ApiException}), as the API reference
 * names them. All are the client's fault: HTTP 400, which the SDKs retry only for throughput and limits.
 */
public final class KinesisErrors {

    private KinesisErrors() {}

    /** A value that is well formed but not acceptable for the action (a bad combination, a shard not open, ...). */
    public static ApiException invalidArgument(String message) {
        return new ApiException("InvalidArgumentException", 400, message);
    }

    public static ApiException resourceNotFound(String message) {
        return new ApiException("ResourceNotFoundException", 400, message);
    }

    /** A stream or consumer not in a state that allows the action (not ACTIVE, a reshard under way, ...). */
    public static ApiException resourceInUse(String message) {
        return new ApiException("ResourceInUseException", 400, message);
    }

    /** An account or stream quota: shards, on-demand streams, consumers, reshards per day, control-plane rate. */
    public static ApiException limitExceeded(String message) {
        return new ApiException("LimitExceededException", 400, message);
    }

    public static ApiException expiredIterator(String message) {
        return new ApiException("ExpiredIteratorException", 400, message);
    }

    public static ApiException expiredNextToken(String message) {
        return new ApiException("ExpiredNextTokenException", 400, message);
    }

    /** A shard's read or write quota (1 MiB/s and 1,000 records/s in, 2 MiB/s and 5 calls/s out). */
    public static ApiException throughputExceeded(String message) {
        return new ApiException("ProvisionedThroughputExceededException", 400, message);
    }

    /**
     * The KMS key of an encrypted stream failed a put, a read or StartStreamEncryption: the Kinesis API's own KMS
     * error types (HTTP 400, as every Kinesis client error), with the key service's message.
     */
    public static ApiException kms(KeyException e) {
        String type = e.reason().kinesisErrorType();
        if (type == null) {
            return ApiException.serviceUnavailable(e.getMessage());
        }
        return new ApiException(type, 400, e.getMessage());
    }
}

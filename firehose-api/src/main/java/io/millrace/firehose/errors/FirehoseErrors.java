package io.millrace.firehose.errors;

import io.millrace.gateway.protocol.ApiException;

/**
 * The error types of Firehose_20150804 beyond the protocol's own ({@link ApiException}), as the API reference names
 * them. The API and the translation of a delivery stream into a connector configuration raise them alike.
 */
public final class FirehoseErrors {

    private FirehoseErrors() {}

    /** A well-formed request with a configuration Firehose does not accept. */
    public static ApiException invalidArgument(String message) {
        return new ApiException("InvalidArgumentException", 400, message);
    }

    public static ApiException resourceNotFound(String message) {
        return new ApiException("ResourceNotFoundException", 400, message);
    }

    /** A delivery stream not in a status that allows the action. */
    public static ApiException resourceInUse(String message) {
        return new ApiException("ResourceInUseException", 400, message);
    }

    public static ApiException limitExceeded(String message) {
        return new ApiException("LimitExceededException", 400, message);
    }

    /** UpdateDestination with a CurrentDeliveryStreamVersionId that is no longer current. */
    public static ApiException concurrentModification(String message) {
        return new ApiException("ConcurrentModificationException", 400, message);
    }

    /** A KMS key Firehose cannot use for server-side encryption. */
    public static ApiException invalidKmsResource(String message) {
        return new ApiException("InvalidKMSResourceException", 400, message);
    }

    /**
     * Firehose's own throttling fault, spelled ServiceUnavailableException (the protocol's is ServiceUnavailable):
     * HTTP 503, which the SDKs retry.
     */
    public static ApiException serviceUnavailable(String message) {
        return new ApiException("ServiceUnavailableException", 503, message);
    }
}

package io.millrace.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * Whether an error is one the AWS SDK's standard retry strategy retries, so a client written for AWS rides it out:
 * 5xx answers, throttling, and connection failures (a host away). A 4xx other than throttling would be the
 * platform telling the client it did something wrong, which a fault must never cause.
 */
final class Retriable {

    private Retriable() {}

    static boolean is(Throwable error) {
        if (error instanceof SdkServiceException service) {
            return service.statusCode() >= 500 || service.isThrottlingException();
        }
        if (error instanceof SdkClientException) {
            for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof IOException || cause instanceof UncheckedIOException) {
                    return true;
                }
            }
            // The SDK's own timeouts (ApiCallAttemptTimeout) are client exceptions without an IOException.
            return error.getMessage() != null && error.getMessage().contains("timed out");
        }
        return false;
    }

    static String describe(Throwable error) {
        String type = error instanceof SdkException ? error.getClass().getSimpleName() : error.toString();
        if (error instanceof SdkServiceException service) {
            return type + " " + service.statusCode() + ": " + service.getMessage();
        }
        return type + ": " + error.getMessage();
    }
}

package io.millrace.analytics.application;

import io.millrace.gateway.protocol.ApiException;

/**
 * The error types of KinesisAnalytics_20180523 beyond the protocol's own ({@link ApiException}), as the API
 * reference names them, and the messages the service repeats.
 */
final class ApplicationErrors {

    private ApplicationErrors() {}

    static ApiException invalidArgument(String message) {
        return new ApiException("InvalidArgumentException", 400, message);
    }

    static ApiException resourceNotFound(String message) {
        return new ApiException("ResourceNotFoundException", 400, message);
    }

    static ApiException resourceInUse(String message) {
        return new ApiException("ResourceInUseException", 400, message);
    }

    static ApiException limitExceeded(String message) {
        return new ApiException("LimitExceededException", 400, message);
    }

    /** More than the 50 tags an application may have. */
    static ApiException tooManyTags(String message) {
        return new ApiException("TooManyTagsException", 400, message);
    }

    static ApiException codeValidation(String message) {
        return new ApiException("CodeValidationException", 400, message);
    }

    static ApiException concurrentModification(String message) {
        return new ApiException("ConcurrentModificationException", 400, message);
    }

    static ApiException invalidRequest(String message) {
        return new ApiException("InvalidRequestException", 400, message);
    }

    static ApiException invalidApplicationConfiguration(String message) {
        return new ApiException("InvalidApplicationConfigurationException", 400, message);
    }

    static ApiException unsupportedOperation(String message) {
        return new ApiException("UnsupportedOperationException", 400, message);
    }

    static ApiException notFound(String application) {
        return resourceNotFound("Application " + application + " not found.");
    }

    static ApiException wrongStatus(String application, String status, String action, String expected) {
        return resourceInUse(
                "Application " + application + " is in " + status + " status: " + action + " needs " + expected + ".");
    }
}

package io.millrace.firehose.glue;

import io.millrace.gateway.protocol.ApiException;

/** The error types of AWSGlue beyond the protocol's own ({@link ApiException}), as the botocore model names them. */
final class GlueErrors {

    private GlueErrors() {}

    static ApiException entityNotFound(String message) {
        return new ApiException("EntityNotFoundException", 400, message);
    }

    static ApiException alreadyExists(String message) {
        return new ApiException("AlreadyExistsException", 400, message);
    }

    static ApiException concurrentModification(String message) {
        return new ApiException("ConcurrentModificationException", 400, message);
    }

    /** Glue's answer to a constraint violation, where other APIs answer ValidationException. */
    static ApiException invalidInput(String message) {
        return new ApiException("InvalidInputException", 400, message);
    }
}

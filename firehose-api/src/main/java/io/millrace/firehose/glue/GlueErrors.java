package io.millrace.firehose.glue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.protocol.WireCodec;
import java.util.concurrent.CompletionException;

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

    static ApiException resourceNumberLimitExceeded(String message) {
        return new ApiException("ResourceNumberLimitExceededException", 400, message);
    }

    /**
     * The ErrorDetail of one entry of a batch call (BatchCreatePartition, BatchDeleteTable, ...): the error's type as
     * ErrorCode and its message; a failure that is not an API error is an InternalServiceException, as Glue reports
     * one entry it could not process.
     */
    static ObjectNode detail(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        ObjectNode detail = WireCodec.object();
        if (cause instanceof ApiException api) {
            detail.put("ErrorCode", api.type());
            detail.put("ErrorMessage", api.getMessage());
        } else {
            detail.put("ErrorCode", "InternalServiceException");
            detail.put("ErrorMessage", "Internal service error.");
        }
        return detail;
    }
}

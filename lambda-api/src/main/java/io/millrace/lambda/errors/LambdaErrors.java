package io.millrace.lambda.errors;

import io.millrace.gateway.protocol.ApiException;

/**
 * Every error type the Lambda API answers with, with the status codes of botocore's {@code lambda/2015-03-31}
 * model and AWS's wording.
 */
public final class LambdaErrors {

    private LambdaErrors() {}

    /** 404: a function or event source mapping that does not exist. */
    public static ApiException functionNotFound(String arn) {
        return new ApiException("ResourceNotFoundException", 404, "Function not found: " + arn);
    }

    public static ApiException mappingNotFound(String uuid) {
        return new ApiException(
                "ResourceNotFoundException",
                404,
                "The resource you requested does not exist. (Service: Lambda, Status Code: 404, Request ID: " + uuid
                        + ")");
    }

    public static ApiException resourceNotFound(String message) {
        return new ApiException("ResourceNotFoundException", 404, message);
    }

    /** 409: CreateFunction of a name taken, or a mapping that exists already. */
    public static ApiException conflict(String message) {
        return new ApiException("ResourceConflictException", 409, message);
    }

    /** 400: a value the API does not accept. */
    public static ApiException invalidParameter(String message) {
        return new ApiException("InvalidParameterValueException", 400, message);
    }

    /** 400: a request body that is not what the action reads (Invoke's payload not JSON). */
    public static ApiException invalidRequestContent(String message) {
        return new ApiException("InvalidRequestContentException", 400, message);
    }

    /** 413: Invoke's payload past the 6 MB synchronous (1 MB asynchronous) quota. */
    public static ApiException requestTooLarge(String message) {
        return new ApiException("RequestTooLargeException", 413, message);
    }

    /** 429: more invocations than this gateway runs at once. */
    public static ApiException tooManyRequests(String message) {
        return new ApiException("TooManyRequestsException", 429, message);
    }

    /** 500: ours. */
    public static ApiException serviceException(String message) {
        return new ApiException("ServiceException", 500, message);
    }
}

package io.millrace.cloudwatch.errors;

import io.millrace.gateway.protocol.ApiException;

/**
 * The error types of the CloudWatch API, as its service model names them: a shape name for the JSON and CBOR
 * protocols ({@code __type}) and, since the API is {@code awsQueryCompatible}, the Query code the SDKs report
 * (read from {@code x-amzn-query-error}).
 */
public final class CloudWatchErrors {

    private CloudWatchErrors() {}

    public static ApiException invalidParameterValue(String message) {
        return new ApiException("InvalidParameterValueException", 400, message, "InvalidParameterValue");
    }

    public static ApiException missingParameter(String message) {
        return new ApiException("MissingRequiredParameterException", 400, message, "MissingParameter");
    }

    public static ApiException invalidParameterCombination(String message) {
        return new ApiException("InvalidParameterCombinationException", 400, message, "InvalidParameterCombination");
    }

    public static ApiException invalidNextToken(String message) {
        return new ApiException("InvalidNextToken", 400, message);
    }

    /** LimitExceededFault: "The quota for alarms for this customer has already been reached." (PutMetricAlarm) */
    public static ApiException limitExceeded(String message) {
        return new ApiException("LimitExceededFault", 400, message, "LimitExceeded");
    }

    /** ResourceNotFound, HTTP 404 in the model: SetAlarmState of an alarm that does not exist. */
    public static ApiException resourceNotFound(String message) {
        return new ApiException("ResourceNotFound", 404, message);
    }

    /** InvalidFormatFault (Query code InvalidFormat): SetAlarmState's StateReasonData that is not JSON. */
    public static ApiException invalidFormat(String message) {
        return new ApiException("InvalidFormatFault", 400, message, "InvalidFormat");
    }

    /**
     * The unmodelled ValidationError that CloudWatch answers to an alarm definition it cannot accept (for example
     * "Period must be 10, 20, 30 or a multiple of 60"); the SDKs report its code as it is.
     */
    public static ApiException validationError(String message) {
        return new ApiException("ValidationError", 400, message);
    }

    /** The state stores are moving between gateways (a rebalance): the SDKs retry a 503. */
    public static ApiException storesNotReady() {
        return ApiException.serviceUnavailable("The metric stores are being rebalanced; retry.");
    }
}

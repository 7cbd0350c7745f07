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

    /** The state stores are moving between gateways (a rebalance): the SDKs retry a 503. */
    public static ApiException storesNotReady() {
        return ApiException.serviceUnavailable("The metric stores are being rebalanced; retry.");
    }
}

package io.millrace.cloudtrail.errors;

import io.millrace.gateway.protocol.ApiException;

/**
 * Every error the CloudTrail API answers with, made in one place: the types of botocore's model
 * ({@code cloudtrail/2013-11-01}, JSON 1.1; every client error is HTTP 400 in CloudTrail).
 */
public final class CloudTrailErrors {

    private CloudTrailErrors() {}

    public static ApiException invalidLookupAttributes(String message) {
        return new ApiException("InvalidLookupAttributesException", 400, message);
    }

    public static ApiException invalidTimeRange(String message) {
        return new ApiException("InvalidTimeRangeException", 400, message);
    }

    public static ApiException invalidMaxResults(String message) {
        return new ApiException("InvalidMaxResultsException", 400, message);
    }

    public static ApiException invalidNextToken(String message) {
        return new ApiException("InvalidNextTokenException", 400, message);
    }

    public static ApiException invalidEventCategory(String message) {
        return new ApiException("InvalidEventCategoryException", 400, message);
    }
}

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

    public static ApiException trailAlreadyExists(String name, String accountId) {
        return new ApiException(
                "TrailAlreadyExistsException", 400, "Trail " + name + " already exists for customer: " + accountId);
    }

    public static ApiException trailNotFound(String arn, String accountId) {
        return new ApiException("TrailNotFoundException", 400, "Unknown trail: " + arn + " for the user: " + accountId);
    }

    public static ApiException invalidTrailName(String message) {
        return new ApiException("InvalidTrailNameException", 400, message);
    }

    public static ApiException trailArnInvalid(String arn) {
        return new ApiException(
                "CloudTrailARNInvalidException",
                400,
                "ARN " + arn + " is not valid. The ARN format is arn:aws:cloudtrail:<region>:<account>:trail/<name>.");
    }

    public static ApiException trailNotProvided() {
        return new ApiException("TrailNotProvidedException", 400, "Trail name or ARN must be specified.");
    }

    public static ApiException bucketDoesNotExist(String bucket) {
        return new ApiException("S3BucketDoesNotExistException", 400, "S3 bucket " + bucket + " does not exist.");
    }

    public static ApiException invalidBucketName(String bucket) {
        return new ApiException("InvalidS3BucketNameException", 400, "Bucket name " + bucket + " is not valid.");
    }

    public static ApiException invalidPrefix(String message) {
        return new ApiException("InvalidS3PrefixException", 400, message);
    }

    public static ApiException invalidParameterCombination(String message) {
        return new ApiException("InvalidParameterCombinationException", 400, message);
    }

    public static ApiException invalidParameter(String message) {
        return new ApiException("InvalidParameterException", 400, message);
    }

    public static ApiException invalidEventSelectors(String message) {
        return new ApiException("InvalidEventSelectorsException", 400, message);
    }

    public static ApiException unsupported(String message) {
        return new ApiException("UnsupportedOperationException", 400, message);
    }

    public static ApiException maximumTrails(int maximum) {
        return new ApiException(
                "MaximumNumberOfTrailsExceededException",
                400,
                "User already has " + maximum + " trails in this region.");
    }

    /** A write that kept losing to concurrent writes of the same trail (ConflictException, as CloudTrail's). */
    public static ApiException conflict(String message) {
        return new ApiException("ConflictException", 400, message);
    }
}

package io.millrace.iam.errors;

import io.millrace.gateway.protocol.ApiException;

/**
 * Every error the STS API answers with, made in one place: the codes and HTTP statuses of botocore's model
 * ({@code sts/2011-06-15}, Query protocol) and STS's wording.
 */
public final class StsErrors {

    private StsErrors() {}

    public static ApiException validation(String message) {
        return new ApiException("ValidationError", 400, message);
    }

    /**
     * What AssumeRole answers when the role does not exist, is another account's, or does not trust the caller: AWS
     * tells the three apart to nobody.
     */
    public static ApiException notAuthorizedToAssume(String callerArn, String roleArn) {
        return accessDenied(
                "User: " + callerArn + " is not authorized to perform: sts:AssumeRole on resource: " + roleArn);
    }

    public static ApiException accessDenied(String message) {
        return new ApiException("AccessDenied", 403, message);
    }

    public static ApiException malformedPolicyDocument(String message) {
        return new ApiException("MalformedPolicyDocument", 400, message);
    }

    /** Session policies whose packed form exceeds its limit, with how far, in STS's wording. */
    public static ApiException packedPolicyTooLarge(int percent) {
        return new ApiException(
                "PackedPolicyTooLarge",
                400,
                "Packed policy consumes " + percent + "% of allotted space, please use smaller policy.");
    }
}

package io.millrace.iam.errors;

import io.millrace.gateway.protocol.ApiException;

/**
 * Every error the IAM API answers with, made in one place: the codes and HTTP statuses of botocore's model
 * ({@code iam/2010-05-08}, Query protocol) and IAM's wording.
 */
public final class IamErrors {

    private IamErrors() {}

    public static ApiException noSuchEntity(String message) {
        return new ApiException("NoSuchEntity", 404, message);
    }

    public static ApiException userNotFound(String name) {
        return noSuchEntity("The user with name " + name + " cannot be found.");
    }

    public static ApiException roleNotFound(String name) {
        return noSuchEntity("The role with name " + name + " cannot be found.");
    }

    /** GetUserPolicy, DeleteRolePolicy...: {@code kind} is {@code user} or {@code role}. */
    public static ApiException inlinePolicyNotFound(String kind, String policyName) {
        return noSuchEntity("The " + kind + " policy with name " + policyName + " cannot be found.");
    }

    public static ApiException accessKeyNotFound(String accessKeyId) {
        return noSuchEntity("The Access Key with id " + accessKeyId + " cannot be found.");
    }

    public static ApiException policyNotFound(String arn) {
        return noSuchEntity("Policy " + arn + " was not found.");
    }

    /** Attach*Policy of a policy that does not exist. */
    public static ApiException policyNotAttachable(String arn) {
        return noSuchEntity("Policy " + arn + " does not exist or is not attachable.");
    }

    /** Detach*Policy of a policy not attached. */
    public static ApiException policyNotAttached(String arn) {
        return noSuchEntity("Policy " + arn + " was not found.");
    }

    public static ApiException policyVersionNotFound(String arn, String versionId) {
        return noSuchEntity("Policy " + arn + " version " + versionId + " does not exist or is not attachable.");
    }

    public static ApiException userExists(String name) {
        return new ApiException("EntityAlreadyExists", 409, "User with name " + name + " already exists.");
    }

    public static ApiException roleExists(String name) {
        return new ApiException("EntityAlreadyExists", 409, "Role with name " + name + " already exists.");
    }

    public static ApiException policyExists(String name) {
        return new ApiException(
                "EntityAlreadyExists",
                409,
                "A policy called " + name + " already exists. Duplicate names are not allowed.");
    }

    /** DeleteUser, DeleteRole, DeletePolicy while something still depends on the entity, in IAM's words. */
    public static ApiException deleteConflict(String message) {
        return new ApiException("DeleteConflict", 409, message);
    }

    /** A quota of AWS's "IAM and AWS STS quotas" page: {@code Cannot exceed quota for AccessKeysPerUser: 2}. */
    public static ApiException quotaExceeded(String quota, int limit) {
        return limitExceeded("Cannot exceed quota for " + quota + ": " + limit);
    }

    public static ApiException limitExceeded(String message) {
        return new ApiException("LimitExceeded", 409, message);
    }

    public static ApiException malformedPolicyDocument(String message) {
        return new ApiException("MalformedPolicyDocument", 400, message);
    }

    /** A member failing its model constraint, in the words of {@link io.millrace.gateway.protocol.Validation}. */
    public static ApiException validation(String message) {
        return new ApiException("ValidationError", 400, message);
    }

    public static ApiException invalidInput(String message) {
        return new ApiException("InvalidInput", 400, message);
    }

    /**
     * A write that lost its compare-and-set to concurrent writes of the same entity more often than the store
     * retries: IAM's ConcurrentModification, which the SDKs retry.
     */
    public static ApiException concurrentModification() {
        return new ApiException(
                "ConcurrentModification",
                409,
                "The request was rejected because multiple requests to change this object were submitted"
                        + " simultaneously. Wait a few minutes and submit your request again.");
    }

    public static ApiException serviceFailure(String message) {
        return new ApiException("ServiceFailure", 500, message);
    }
}

package io.millrace.kms.errors;

import io.millrace.gateway.protocol.ApiException;

/**
 * Every error the KMS API answers with, made in one place: the types of botocore's model ({@code kms/2014-11-01},
 * JSON 1.1; every client error is HTTP 400 in KMS) and KMS's wording.
 */
public final class KmsErrors {

    private KmsErrors() {}

    public static ApiException notFound(String message) {
        return new ApiException("NotFoundException", 400, message);
    }

    /** A key id, key ARN, alias name or alias ARN that names no key. */
    public static ApiException keyNotFound(String keyId) {
        return notFound("Key '" + keyId + "' does not exist");
    }

    public static ApiException aliasNotFound(String aliasArn) {
        return notFound("Alias " + aliasArn + " is not found.");
    }

    public static ApiException disabled(String keyArn) {
        return new ApiException("DisabledException", 400, keyArn + " is disabled.");
    }

    public static ApiException invalidState(String message) {
        return new ApiException("KMSInvalidStateException", 400, message);
    }

    /** AWS: "arn:... is pending deletion." for a cryptographic operation on such a key. */
    public static ApiException pendingDeletion(String keyArn) {
        return invalidState(keyArn + " is pending deletion.");
    }

    /** A blob this service did not write, one tampered with, or one with another encryption context. */
    public static ApiException invalidCiphertext() {
        return new ApiException("InvalidCiphertextException", 400, null);
    }

    /** Decrypt with a KeyId that is not the key the ciphertext names. */
    public static ApiException incorrectKey() {
        return new ApiException(
                "IncorrectKeyException",
                400,
                "The key ID in the request does not identify a CMK that can perform this operation.");
    }

    public static ApiException aliasExists(String aliasArn) {
        return new ApiException(
                "AlreadyExistsException", 400, "An alias with the name " + aliasArn + " already exists");
    }

    public static ApiException invalidAliasName(String message) {
        return new ApiException("InvalidAliasNameException", 400, message);
    }

    public static ApiException invalidArn(String message) {
        return new ApiException("InvalidArnException", 400, message);
    }

    public static ApiException invalidMarker() {
        return new ApiException("InvalidMarkerException", 400, "Invalid marker");
    }

    public static ApiException limitExceeded(String message) {
        return new ApiException("LimitExceededException", 400, message);
    }

    public static ApiException malformedPolicy(String message) {
        return new ApiException("MalformedPolicyDocumentException", 400, message);
    }

    public static ApiException unsupported(String message) {
        return new ApiException("UnsupportedOperationException", 400, message);
    }

    public static ApiException tag(String message) {
        return new ApiException("TagException", 400, message);
    }

    public static ApiException validation(String message) {
        return ApiException.validation(message);
    }

    public static ApiException internal(String message) {
        return new ApiException("KMSInternalException", 500, message);
    }
}

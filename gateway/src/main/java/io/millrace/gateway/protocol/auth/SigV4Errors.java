package io.millrace.gateway.protocol.auth;

import io.millrace.gateway.protocol.ApiException;

/**
 * The authentication errors of AWS's JSON services, with AWS's types and wording, so that SDKs classify them (and
 * decide not to retry) the same way as against AWS. All are 400s in the JSON protocols.
 */
final class SigV4Errors {

    static final String MISSING_TOKEN = "MissingAuthenticationTokenException";
    static final String UNRECOGNIZED_CLIENT = "UnrecognizedClientException";
    static final String INVALID_SIGNATURE = "InvalidSignatureException";
    static final String INCOMPLETE_SIGNATURE = "IncompleteSignatureException";

    private SigV4Errors() {}

    static ApiException missingToken() {
        return new ApiException(MISSING_TOKEN, 400, "Missing Authentication Token");
    }

    static ApiException unrecognizedClient() {
        return new ApiException(UNRECOGNIZED_CLIENT, 400, "The security token included in the request is invalid.");
    }

    /** Temporary credentials past their expiry (AWS STS's documented error for a call signed with them). */
    static ApiException expiredToken() {
        return new ApiException("ExpiredTokenException", 400, "The security token included in the request is expired");
    }

    /** A presigned URL used after its {@code X-Amz-Expires}. */
    static ApiException requestExpired() {
        return ApiException.accessDenied("Request has expired");
    }

    static ApiException signatureMismatch() {
        return invalid("The request signature we calculated does not match the signature you provided. Check your AWS"
                + " Secret Access Key and signing method. Consult the service documentation for details.");
    }

    static ApiException invalid(String message) {
        return new ApiException(INVALID_SIGNATURE, 400, message);
    }

    static ApiException incomplete(String message) {
        return new ApiException(INCOMPLETE_SIGNATURE, 400, message);
    }
}

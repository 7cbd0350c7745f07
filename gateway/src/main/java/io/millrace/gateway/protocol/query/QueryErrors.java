package io.millrace.gateway.protocol.query;

import io.millrace.gateway.protocol.ApiException;
import java.util.Map;

/**
 * The errors of AWS's Query protocol itself (AWS's "Common Errors" of IAM and STS), and the translation of the
 * gateway's JSON-protocol errors (SigV4's, the registry's, the generic ones) into the codes and HTTP statuses the
 * Query APIs answer with. An API's own errors (NoSuchEntity, MalformedPolicyDocument...) pass unchanged.
 */
public final class QueryErrors {

    /**
     * The namespace of an error no API of the gateway answers (an unknown or missing {@code Version}), as STS
     * answers InvalidAction then.
     */
    public static final String FAULT_NAMESPACE = "http://webservices.amazon.com/AWSFault/2005-15-09";

    /** What STS names a request without {@code Version} in InvalidAction's message. */
    private static final String NO_VERSION = "NO_VERSION_SPECIFIED";

    private record Translation(String code, int status, String message) {}

    /**
     * JSON-protocol type to Query code and status; a null message keeps the original. Authentication errors are
     * 403s in the Query APIs, as IAM and STS answer them (SignatureDoesNotMatch also for a signature out of the
     * clock-skew window: "Signature expired: ... is now earlier than ...").
     */
    private static final Map<String, Translation> TRANSLATIONS = Map.of(
            "MissingAuthenticationTokenException",
                    new Translation("MissingAuthenticationToken", 403, "Request is missing Authentication Token"),
            "UnrecognizedClientException", new Translation("InvalidClientTokenId", 403, null),
            "InvalidSignatureException", new Translation("SignatureDoesNotMatch", 403, null),
            "IncompleteSignatureException", new Translation("IncompleteSignature", 400, null),
            "ExpiredTokenException", new Translation("ExpiredToken", 403, null),
            "AccessDeniedException", new Translation("AccessDenied", 403, null),
            "UnknownOperationException", new Translation("InvalidAction", 400, null),
            "ValidationException", new Translation("ValidationError", 400, null),
            "SerializationException", new Translation("InvalidQueryParameter", 400, null),
            "InternalFailureException", new Translation("InternalFailure", 500, null));

    private QueryErrors() {}

    /**
     * A form without {@code Action}: the Common Errors' MissingAction, HTTP 400. (STS's public endpoint redirects
     * such a request to its web page instead, which no client can act on.)
     */
    public static ApiException missingAction() {
        return new ApiException("MissingAction", 400, "Missing Action");
    }

    /** An action no API serves at that version, or a version no API has: STS's and IAM's InvalidAction. */
    public static ApiException invalidAction(String action, String version) {
        return new ApiException(
                "InvalidAction",
                400,
                "Could not find operation " + action + " for version " + (version == null ? NO_VERSION : version));
    }

    /** A form that cannot be read: AWS's InvalidQueryParameter ("The AWS query string is malformed"). */
    public static ApiException malformed(String message) {
        return new ApiException("InvalidQueryParameter", 400, message);
    }

    /** The error as a Query API answers it: the JSON protocols' types in the Query APIs' codes, others as they are. */
    public static ApiException translate(ApiException error) {
        if (error.queryCode() != null) {
            return new ApiException(error.queryCode(), error.status(), error.getMessage());
        }
        Translation translation = TRANSLATIONS.get(error.type());
        if (translation == null) {
            return error;
        }
        return new ApiException(
                translation.code(),
                translation.status(),
                translation.message() == null ? error.getMessage() : translation.message());
    }
}

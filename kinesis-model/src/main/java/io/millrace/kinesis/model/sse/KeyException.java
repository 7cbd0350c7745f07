package io.millrace.kinesis.model.sse;

/**
 * A key service refused: the key is disabled, pending deletion, missing, not the caller's to use, or the service
 * was unreachable. The message is the key service's, fit to show to the client.
 */
public final class KeyException extends Exception {

    /** Why, in the terms of the Kinesis API's KMS errors (KMSDisabledException, ...). */
    public enum Reason {
        DISABLED,
        INVALID_STATE,
        NOT_FOUND,
        ACCESS_DENIED,
        THROTTLED,
        /** A wrapped data key the key service cannot open: altered, or of another key service. */
        INVALID_CIPHERTEXT,
        UNAVAILABLE;

        /** The reason behind an error type of the KMS API (TrentService), as any KMS client receives it. */
        public static Reason ofKmsError(String errorType) {
            return switch (errorType == null ? "" : errorType) {
                case "DisabledException" -> DISABLED;
                case "KMSInvalidStateException" -> INVALID_STATE;
                case "NotFoundException" -> NOT_FOUND;
                case "AccessDeniedException" -> ACCESS_DENIED;
                case "InvalidCiphertextException", "IncorrectKeyException" -> INVALID_CIPHERTEXT;
                case "ThrottlingException", "LimitExceededException" -> THROTTLED;
                default -> UNAVAILABLE;
            };
        }

        /**
         * The error type the Kinesis API answers PutRecord, PutRecords and GetRecords with for this reason (their
         * KMS errors in the API reference), null when the key service was unreachable (a 503, no KMS error).
         * Writers outside the gateway (the Flink connector's sink) report KMS's refusals in the same words.
         */
        public String kinesisErrorType() {
            return switch (this) {
                case DISABLED -> "KMSDisabledException";
                case INVALID_STATE -> "KMSInvalidStateException";
                case NOT_FOUND -> "KMSNotFoundException";
                case ACCESS_DENIED, INVALID_CIPHERTEXT -> "KMSAccessDeniedException";
                case THROTTLED -> "KMSThrottlingException";
                case UNAVAILABLE -> null;
            };
        }
    }

    private final Reason reason;

    public KeyException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

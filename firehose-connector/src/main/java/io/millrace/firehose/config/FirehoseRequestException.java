package io.millrace.firehose.config;

/**
 * A CreateDeliveryStream request Firehose would refuse. {@link #errorType()} is the AWS error type the API layer
 * answers with (HTTP 400, {@code {"__type": errorType, "message": getMessage()}}).
 */
public class FirehoseRequestException extends IllegalArgumentException {
    private final String errorType;

    protected FirehoseRequestException(String errorType, String message) {
        super(message);
        this.errorType = errorType;
    }

    public String errorType() {
        return errorType;
    }

    /** A value that breaks a constraint of the API model (length, pattern, range, enum, required). */
    public static final class Validation extends FirehoseRequestException {
        public Validation(String message) {
            super("ValidationException", message);
        }
    }

    /** A well-formed request with a configuration Firehose does not accept (AWS's InvalidArgumentException). */
    public static final class InvalidArgument extends FirehoseRequestException {
        public InvalidArgument(String message) {
            super("InvalidArgumentException", message);
        }
    }
}

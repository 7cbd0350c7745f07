package io.millrace.firehose.encryption;

import io.millrace.firehose.state.DeliveryHealth;
import io.millrace.kinesis.model.sse.KeyException;

/**
 * KMS would not open the data key of a record (the key is disabled, pending deletion, gone, or not ours to use), or
 * could not be reached. The task keeps the record in Kafka and tries again; its delivery health names the failure
 * with the type AWS's FailureDescription gives it.
 */
public final class KmsRefusal extends RuntimeException implements DeliveryHealth.TypedFailure {

    private final KeyException.Reason reason;

    public KmsRefusal(KeyException.Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public KeyException.Reason reason() {
        return reason;
    }

    /**
     * The DeliveryStreamFailureType of this failure (botocore model firehose/2015-08-04): KMS_ACCESS_DENIED,
     * DISABLED_KMS_KEY, INVALID_KMS_KEY, KMS_KEY_NOT_FOUND, or UNKNOWN_ERROR when KMS was out of reach.
     */
    @Override
    public String failureType() {
        return failureType(reason);
    }

    /** {@link #failureType()} of a key service's refusal. */
    public static String failureType(KeyException.Reason reason) {
        return switch (reason) {
            case DISABLED -> "DISABLED_KMS_KEY";
            case NOT_FOUND -> "KMS_KEY_NOT_FOUND";
            case ACCESS_DENIED -> "KMS_ACCESS_DENIED";
            case INVALID_STATE, INVALID_CIPHERTEXT -> "INVALID_KMS_KEY";
            case THROTTLED, UNAVAILABLE -> "UNKNOWN_ERROR";
        };
    }
}

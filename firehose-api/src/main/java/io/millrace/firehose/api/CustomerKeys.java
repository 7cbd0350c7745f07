package io.millrace.firehose.api;

import io.millrace.kinesis.model.sse.DataKey;
import io.millrace.kinesis.model.sse.KeyException;
import io.millrace.kinesis.model.sse.KeyService;
import java.util.Optional;

/**
 * The KMS keys a delivery stream may name with KeyType CUSTOMER_MANAGED_CMK, and the key service that makes and
 * opens data keys under them. Given by whoever starts the service (the launcher: the platform's KMS), since the
 * Firehose API does not depend on the KMS module.
 */
public interface CustomerKeys {

    /** No KMS behind this endpoint: every customer managed key is refused. */
    CustomerKeys NONE = of(new KeyService() {
        @Override
        public String usableKeyArn(String keyId) throws KeyException {
            throw none();
        }

        @Override
        public DataKey generateDataKey(String keyId) throws KeyException {
            throw none();
        }

        @Override
        public byte[] decrypt(byte[] wrappedDataKey) throws KeyException {
            throw none();
        }

        private static KeyException none() {
            return new KeyException(
                    KeyException.Reason.UNAVAILABLE,
                    "this endpoint has no KMS; only KeyType AWS_OWNED_CMK is available");
        }
    });

    /**
     * Why Firehose cannot use the key {@code keyArn} names (it does not exist, is disabled or pending deletion, or
     * is not a symmetric encryption key), or empty when it can.
     */
    Optional<String> whyUnusable(String keyArn);

    /** Where the data keys of CUSTOMER_MANAGED_CMK streams come from (GenerateDataKey under the stream's key). */
    KeyService keyService();

    /** The keys of {@code keys}: usable when it says so, refused with KMS's error type and words otherwise. */
    static CustomerKeys of(KeyService keys) {
        return new CustomerKeys() {
            @Override
            public Optional<String> whyUnusable(String keyArn) {
                try {
                    keys.usableKeyArn(keyArn);
                    return Optional.empty();
                } catch (KeyException e) {
                    return Optional.of(kmsErrorType(e.reason()) + ": " + e.getMessage());
                }
            }

            @Override
            public KeyService keyService() {
                return keys;
            }
        };
    }

    /** The KMS API error type behind a refusal, as KMS's clients see it. */
    static String kmsErrorType(KeyException.Reason reason) {
        return switch (reason) {
            case DISABLED -> "DisabledException";
            case NOT_FOUND -> "NotFoundException";
            case INVALID_STATE -> "KMSInvalidStateException";
            case ACCESS_DENIED -> "AccessDeniedException";
            case INVALID_CIPHERTEXT -> "InvalidCiphertextException";
            case THROTTLED -> "ThrottlingException";
            case UNAVAILABLE -> "KMSInternalException";
        };
    }
}

package io.millrace.firehose.api;

import java.util.Optional;

/**
 * The KMS keys a delivery stream may name with KeyType CUSTOMER_MANAGED_CMK. Given by whoever starts the service
 * (the launcher: the platform's KMS), since the Firehose API does not depend on the KMS module.
 */
@FunctionalInterface
public interface CustomerKeys {

    /** No KMS behind this endpoint: every customer managed key is refused. */
    CustomerKeys NONE = keyArn -> Optional.of("this endpoint has no KMS; only KeyType AWS_OWNED_CMK is available");

    /**
     * Why Firehose cannot use the key {@code keyArn} names (it does not exist, is disabled or pending deletion, or
     * is not a symmetric encryption key), or empty when it can.
     */
    Optional<String> whyUnusable(String keyArn);
}

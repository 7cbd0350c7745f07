package io.millrace.gateway.access;

import java.util.Objects;

/**
 * How a gateway checks its callers in signed mode: the keys it knows and who may do what. Open mode uses neither
 * for refusing (a known key still names its principal).
 */
public record AccessControl(KeyDirectory keys, Authorizer authorizer) {

    /** Only the account's root keys configured as {@code millrace.gateway.credentials}, which may do everything. */
    public static final AccessControl ROOT_KEYS_ONLY = new AccessControl(KeyDirectory.NONE, Authorizer.ALLOW_ALL);

    public AccessControl {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(authorizer, "authorizer");
    }
}

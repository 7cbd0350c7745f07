package io.millrace.gateway.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.gateway.access.Principal;
import java.time.Instant;

/**
 * One decoded API call: the action named by {@code X-Amz-Target}, its body as a tree (blobs are binary nodes in
 * CBOR and base64 text in JSON; {@link RequestFields} reads both), who signed it for where, and the principal that
 * signature names (the account's root for an unsigned request in open mode).
 */
public record AwsRequest(
        String targetPrefix,
        String action,
        JsonNode body,
        WireFormat format,
        String region,
        String accountId,
        Instant receivedAt,
        Principal caller) {

    /** A call by the account's root: what an unsigned request is in open mode. */
    public AwsRequest(
            String targetPrefix,
            String action,
            JsonNode body,
            WireFormat format,
            String region,
            String accountId,
            Instant receivedAt) {
        this(targetPrefix, action, body, format, region, accountId, receivedAt, Principal.root(accountId));
    }
}

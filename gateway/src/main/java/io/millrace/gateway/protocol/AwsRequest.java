package io.millrace.gateway.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.gateway.access.Principal;
import java.time.Instant;

/**
 * One decoded API call: the action named by {@code X-Amz-Target}, its body as a tree (blobs are binary nodes in
 * CBOR and base64 text in JSON; {@link Fields} reads both), who signed it for where, and the principal that
 * signature names (the account's root for an unsigned request in open mode). An action with a {@link BodyReader}
 * gets what the reader made in {@code decoded}, and in {@code body} only the members without blobs; {@code decoded}
 * is null for every other call, and for calls made in-process, which carry the whole tree.
 */
public record AwsRequest(
        String targetPrefix,
        String action,
        JsonNode body,
        WireFormat format,
        String region,
        String accountId,
        Instant receivedAt,
        Principal caller,
        Object decoded) {

    /** A call whose action reads its body as a tree. */
    public AwsRequest(
            String targetPrefix,
            String action,
            JsonNode body,
            WireFormat format,
            String region,
            String accountId,
            Instant receivedAt,
            Principal caller) {
        this(targetPrefix, action, body, format, region, accountId, receivedAt, caller, null);
    }

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

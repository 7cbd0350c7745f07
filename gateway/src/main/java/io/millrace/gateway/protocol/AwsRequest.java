package io.millrace.gateway.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One decoded API call: the action named by {@code X-Amz-Target}, its body as a tree (blobs are binary nodes in
 * CBOR and base64 text in JSON; {@link RequestFields} reads both), and who signed it for where.
 */
public record AwsRequest(
        String targetPrefix,
        String action,
        JsonNode body,
        WireFormat format,
        String region,
        String accountId,
        Instant receivedAt) {}

package io.millrace.gateway.protocol;

/**
 * The encodings of AWS's JSON protocol: JSON text in its two versions (1.0 for DynamoDB, 1.1 for the others: the same
 * encoding, answered with the version the client sent) and the CBOR twin that the Java SDK v2 prefers; and AWS's
 * Query protocol (form in, XML out), which the gateway recognises before the JSON path and never by this enum's
 * {@link #fromContentType}: a handler sees it as the format of a Query call, whose scalars are all strings.
 */
public enum WireFormat {
    JSON("application/x-amz-json-1.1"),
    JSON_1_0("application/x-amz-json-1.0"),
    CBOR("application/x-amz-cbor-1.1"),
    /**
     * Smithy RPC v2 CBOR ({@code smithy-protocol: rpc-v2-cbor}): CBOR bodies whose timestamps are tag 1 with epoch
     * seconds, the action in the path; chosen by its header, never by {@link #fromContentType}.
     */
    RPC_V2_CBOR("application/cbor"),
    /**
     * AWS's rest-json protocol (Lambda): JSON bodies whose timestamps are epoch seconds, the action chosen by method
     * and path ({@link io.millrace.gateway.protocol.rest.RestRouter}); never chosen by {@link #fromContentType}.
     */
    REST_JSON("application/json"),
    QUERY("text/xml");

    private final String contentType;

    WireFormat(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }

    /** CBOR when the request says so; JSON for any other (or no) content type, as AWS's endpoints do. */
    public boolean isCbor() {
        return this == CBOR || this == RPC_V2_CBOR;
    }

    public static WireFormat fromContentType(String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(java.util.Locale.ROOT);
        if (type.startsWith("application/x-amz-cbor")) {
            return CBOR;
        }
        return type.startsWith(JSON_1_0.contentType) ? JSON_1_0 : JSON;
    }
}

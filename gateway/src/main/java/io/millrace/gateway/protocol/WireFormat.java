package io.millrace.gateway.protocol;

/** The two encodings of AWS's JSON protocol: JSON 1.1 text and its CBOR twin that the Java SDK v2 prefers. */
public enum WireFormat {
    JSON("application/x-amz-json-1.1"),
    CBOR("application/x-amz-cbor-1.1");

    private final String contentType;

    WireFormat(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }

    /** CBOR when the request says so; JSON for any other (or no) content type, as AWS's endpoints do. */
    public static WireFormat fromContentType(String contentType) {
        if (contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-amz-cbor")) {
            return CBOR;
        }
        return JSON;
    }
}

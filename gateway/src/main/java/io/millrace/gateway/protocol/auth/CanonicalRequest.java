package io.millrace.gateway.protocol.auth;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * SigV4's canonical request: method, canonical URI, canonical query, canonical headers, signed headers and payload
 * hash, one per line. Built from the request as received, the way the AWS SDKs build it before sending.
 */
final class CanonicalRequest {

    private static final Comparator<String[]> BY_NAME_THEN_VALUE =
            Comparator.<String[], String>comparing(pair -> pair[0]).thenComparing(pair -> pair[1]);

    private CanonicalRequest() {}

    /**
     * @param signedHeaders lower-case header names, in the order the client listed them
     * @param payloadHash   hex SHA-256 of the body (or what the client declared it signed)
     * @param presigned     leave {@code X-Amz-Signature} out of the canonical query, as the signer did
     */
    static String build(
            SignedRequest request,
            HeaderLookup headers,
            QueryParameters query,
            List<String> signedHeaders,
            String payloadHash,
            boolean presigned) {
        StringBuilder out = new StringBuilder(256);
        out.append(request.method()).append('\n');
        out.append(canonicalUri(request.rawPath())).append('\n');
        out.append(canonicalQuery(query, presigned)).append('\n');
        for (String name : signedHeaders) {
            out.append(name)
                    .append(':')
                    .append(canonicalHeaderValue(name, headers))
                    .append('\n');
        }
        out.append('\n');
        out.append(String.join(";", signedHeaders)).append('\n');
        out.append(payloadHash);
        return out.toString();
    }

    /**
     * Services other than S3 sign the path normalized (no {@code .} or {@code ..} segments) and URI-encoded a
     * second time on top of its encoding on the wire; the SDKs' signers do the same.
     */
    static String canonicalUri(String rawPath) {
        String path = rawPath;
        try {
            String normalized = URI.create("http://host" + (rawPath.startsWith("/") ? "" : "/") + rawPath)
                    .normalize()
                    .getRawPath();
            if (normalized != null) {
                path = normalized;
            }
        } catch (IllegalArgumentException e) {
            // Not a valid URI path (unencoded characters): sign it as received.
        }
        if (path.isEmpty()) {
            path = "/";
        }
        return UriEncoding.encode(path, true);
    }

    private static String canonicalQuery(QueryParameters query, boolean presigned) {
        List<String[]> pairs = new ArrayList<>();
        for (QueryParameters.Parameter parameter : query.all()) {
            if (presigned && parameter.name().equals("X-Amz-Signature")) {
                continue;
            }
            pairs.add(new String[] {
                UriEncoding.encode(parameter.name(), false), UriEncoding.encode(parameter.value(), false)
            });
        }
        pairs.sort(BY_NAME_THEN_VALUE);
        StringBuilder out = new StringBuilder();
        for (String[] pair : pairs) {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(pair[0]).append('=').append(pair[1]);
        }
        return out.toString();
    }

    /** Values trimmed, inner whitespace runs collapsed to one space, repeated headers joined with commas. */
    private static String canonicalHeaderValue(String name, HeaderLookup headers) {
        List<String> values = headers.all(name);
        if (values.isEmpty() && name.equals("host")) {
            // Over HTTP/2 the host travels as the :authority pseudo-header.
            values = headers.all(":authority");
        }
        if (values.isEmpty()) {
            throw SigV4Errors.incomplete(
                    "'" + name + "' is named as a SignedHeader, but it does not exist in the" + " HTTP request.");
        }
        StringBuilder out = new StringBuilder();
        for (String value : values) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(collapseWhitespace(value));
        }
        return out.toString();
    }

    private static String collapseWhitespace(String value) {
        StringBuilder out = new StringBuilder(value.length());
        boolean pendingSpace = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isWhitespace(c)) {
                pendingSpace = out.length() > 0;
                continue;
            }
            if (pendingSpace) {
                out.append(' ');
                pendingSpace = false;
            }
            out.append(c);
        }
        return out.toString();
    }
}

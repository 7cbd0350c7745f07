package io.millrace.gateway.protocol.auth;

import java.util.List;
import java.util.Map;

/**
 * What signature verification needs of an HTTP request, as received.
 *
 * @param method   the HTTP method, for example {@code POST}
 * @param rawPath  the path as sent on the wire, still percent-encoded
 * @param rawQuery the query string as sent, without {@code ?}, still percent-encoded; null or empty when none
 * @param headers  header names in any case, each with its values in order of arrival
 * @param body     the complete body; empty when none
 */
public record SignedRequest(
        String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {

    public SignedRequest {
        method = method == null ? "" : method;
        rawPath = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        rawQuery = rawQuery == null ? "" : rawQuery;
        headers = headers == null ? Map.of() : headers;
        body = body == null ? new byte[0] : body;
    }
}

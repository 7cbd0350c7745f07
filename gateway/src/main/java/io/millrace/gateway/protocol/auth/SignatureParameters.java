package io.millrace.gateway.protocol.auth;

import java.util.HashMap;
import java.util.Map;

/**
 * The parts of a SigV4 signature, from the {@code Authorization} header or from a presigned URL's query string.
 *
 * @param date           the signing time as sent ({@code X-Amz-Date}, or the HTTP {@code Date} header)
 * @param httpDate       whether {@code date} came from the HTTP {@code Date} header (RFC 1123) rather than ISO 8601
 * @param expiresSeconds a presigned URL's {@code X-Amz-Expires}, or null
 */
record SignatureParameters(
        String algorithm,
        String credential,
        String signedHeaders,
        String signature,
        String date,
        boolean httpDate,
        Long expiresSeconds,
        boolean presigned) {

    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    /** AWS's longest presigned URL lifetime, seven days. */
    private static final long MAX_EXPIRES_SECONDS = 604_800;

    /**
     * Parses {@code AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...}. Everything missing is
     * reported at once, in AWS's words, so a client author fixes it in one go.
     */
    static SignatureParameters fromHeader(String authorization, HeaderLookup headers) {
        String value = authorization.trim();
        int space = indexOfWhitespace(value);
        String algorithm = space < 0 ? value : value.substring(0, space);
        String rest = space < 0 ? "" : value.substring(space + 1);

        Map<String, String> parameters = new HashMap<>();
        for (String part : rest.split(",")) {
            String component = part.trim();
            if (component.isEmpty()) {
                continue;
            }
            int eq = component.indexOf('=');
            if (eq < 0) {
                throw SigV4Errors.incomplete("'" + component + "' not a valid key=value pair (missing equal-sign) in"
                        + " Authorization header: '" + authorization + "'.");
            }
            parameters.putIfAbsent(
                    component.substring(0, eq).trim(),
                    component.substring(eq + 1).trim());
        }

        StringBuilder missing = new StringBuilder();
        requireParameter(parameters, "Credential", missing);
        requireParameter(parameters, "Signature", missing);
        if (!parameters.containsKey("SignedHeaders")) {
            missing.append("Authorization header requires 'SignedHeaders' parameter. ");
        }
        String date = headers.first("x-amz-date");
        boolean httpDate = false;
        if (date == null) {
            date = headers.first("date");
            httpDate = true;
        }
        if (date == null) {
            missing.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
        }
        if (missing.length() > 0) {
            throw SigV4Errors.incomplete(missing + "Authorization=" + authorization);
        }
        return new SignatureParameters(
                algorithm,
                parameters.get("Credential"),
                parameters.get("SignedHeaders"),
                parameters.get("Signature"),
                date,
                httpDate,
                null,
                false);
    }

    /** Parses a presigned URL's {@code X-Amz-*} query parameters. */
    static SignatureParameters fromQuery(QueryParameters query) {
        StringBuilder missing = new StringBuilder();
        for (String name : new String[] {
            "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-SignedHeaders", "X-Amz-Date"
        }) {
            String value = query.first(name);
            if (value == null || value.isEmpty()) {
                missing.append("AWS query-string parameters must include '")
                        .append(name)
                        .append("'. ");
            }
        }
        if (missing.length() > 0) {
            throw SigV4Errors.incomplete(missing + "Re-examine the query-string parameters.");
        }
        Long expires = null;
        String rawExpires = query.first("X-Amz-Expires");
        if (rawExpires != null) {
            try {
                expires = Long.parseLong(rawExpires);
            } catch (NumberFormatException e) {
                expires = -1L;
            }
            if (expires < 0 || expires > MAX_EXPIRES_SECONDS) {
                throw SigV4Errors.incomplete("X-Amz-Expires must be a number of seconds from 0 to "
                        + MAX_EXPIRES_SECONDS + ", got '" + rawExpires + "'.");
            }
        }
        return new SignatureParameters(
                query.first("X-Amz-Algorithm"),
                query.first("X-Amz-Credential"),
                query.first("X-Amz-SignedHeaders"),
                query.first("X-Amz-Signature"),
                query.first("X-Amz-Date"),
                false,
                expires,
                true);
    }

    private static void requireParameter(Map<String, String> parameters, String name, StringBuilder missing) {
        String value = parameters.get(name);
        if (value == null || value.isEmpty()) {
            missing.append("Authorization header requires '").append(name).append("' parameter. ");
        }
    }

    private static int indexOfWhitespace(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isWhitespace(value.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}

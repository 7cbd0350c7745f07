package io.millrace.gateway.route;

import io.millrace.gateway.access.RequestContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A plain HTTP request for an {@link HttpRoute}: header names in lower case, the query string and a form body
 * decoded, and the context the gateway's authorizer would see for a call made on its behalf.
 */
public record RouteRequest(
        String method,
        String path,
        String queryString,
        Map<String, String> headers,
        byte[] body,
        RequestContext context) {

    public RouteRequest {
        headers = Map.copyOf(headers);
    }

    /** A header's value, or null; {@code name} in lower case. */
    public String header(String name) {
        return headers.get(name);
    }

    /** The query string's parameters, each name with its first value. */
    public Map<String, String> query() {
        return decode(queryString);
    }

    /** The body's parameters when it is a form ({@code application/x-www-form-urlencoded}); empty otherwise. */
    public Map<String, String> form() {
        String type = header("content-type");
        if (type == null || !type.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
            return Map.of();
        }
        return decode(new String(body, StandardCharsets.UTF_8));
    }

    /** The value of a cookie sent with the request, or null. */
    public String cookie(String name) {
        String header = header("cookie");
        if (header == null) {
            return null;
        }
        for (String pair : header.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).trim().equals(name)) {
                return pair.substring(eq + 1).trim();
            }
        }
        return null;
    }

    private static Map<String, String> decode(String encoded) {
        Map<String, String> values = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return values;
        }
        for (String pair : List.of(encoded.split("&"))) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                values.putIfAbsent(
                        URLDecoder.decode(name, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                // A malformed escape: that parameter is left out, as if it had not been sent.
            }
        }
        return values;
    }
}

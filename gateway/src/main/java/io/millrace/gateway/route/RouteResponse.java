package io.millrace.gateway.route;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The answer of an {@link HttpRoute}: status, content type, extra headers (cookies, caching...) and body. */
public record RouteResponse(int status, String contentType, Map<String, String> headers, byte[] body) {

    public RouteResponse {
        headers = Map.copyOf(headers);
    }

    public static RouteResponse of(int status, String contentType, String body) {
        return new RouteResponse(status, contentType, Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    public static RouteResponse html(int status, String html) {
        return of(status, "text/html; charset=utf-8", html);
    }

    /** A 303 to {@code location}: after a form's POST, the browser then GETs the page. */
    public static RouteResponse seeOther(String location) {
        return new RouteResponse(303, "text/plain; charset=utf-8", Map.of("Location", location), new byte[0]);
    }

    public RouteResponse withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new RouteResponse(status, contentType, more, body);
    }
}

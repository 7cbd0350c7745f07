package io.millrace.gateway.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Headers every answer carries, as AWS's do: a request id ({@code x-amzn-RequestId}) and an extended one
 * ({@code x-amz-id-2}) that clients log with errors, and CORS headers for a request from a web page, so that the
 * AWS SDK for JavaScript works in a browser.
 */
final class ResponseHeaders {

    /** What a page's script may read of an answer: the ids clients log, and what the SDKs parse errors from. */
    private static final String EXPOSED = "x-amzn-RequestId,x-amzn-ErrorType,x-amzn-ErrorMessage,x-amz-id-2,Date";

    private static final String METHODS = "GET,POST,PUT,DELETE,HEAD,OPTIONS";
    /** The headers an SDK signs and sends, for a preflight that does not list its own. */
    private static final String ALLOWED = "Authorization,Content-Type,Content-Encoding,X-Amz-Target,X-Amz-Date,"
            + "X-Amz-Security-Token,X-Amz-User-Agent,X-Amz-Content-Sha256,Amz-Sdk-Invocation-Id,Amz-Sdk-Request";
    /** How long a browser may keep the preflight's answer, in seconds. */
    private static final String MAX_AGE = "172800";

    private ResponseHeaders() {}

    static void identify(HttpHeaders headers) {
        identify(headers, UUID.randomUUID().toString());
    }

    /** As {@link #identify(HttpHeaders)}, with the id the body names too (the Query protocol's RequestId). */
    static void identify(HttpHeaders headers, String requestId) {
        headers.set("x-amzn-RequestId", requestId);
        byte[] id = new byte[48];
        ThreadLocalRandom.current().nextBytes(id);
        headers.set("x-amz-id-2", Base64.getEncoder().encodeToString(id));
    }

    /** On an answer to a request from a page (one with an {@code Origin}): who may read it, and which headers. */
    static void cors(HttpHeaders headers, String origin) {
        if (origin == null) {
            return;
        }
        headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        headers.set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED);
    }

    /** The answer to a preflight: any origin, the methods the APIs use, and the headers asked for. */
    static void preflight(HttpHeaders headers, String origin, String requestedHeaders) {
        headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, METHODS);
        headers.set(
                HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS,
                requestedHeaders == null || requestedHeaders.isBlank() ? ALLOWED : requestedHeaders);
        headers.set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED);
        headers.set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, MAX_AGE);
    }
}

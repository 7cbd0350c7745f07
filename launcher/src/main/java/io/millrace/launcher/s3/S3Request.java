package io.millrace.launcher.s3;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the exposed store knows of the request it is serving before S3Proxy reads it: the bucket and key named, the
 * sub-resources of the query ({@code ?acl}, {@code ?uploads}, ...), the session token of temporary credentials, and
 * the facts the global condition keys need. S3Proxy asks its {@link org.gaul.s3proxy.BlobStoreLocator} with the
 * access key id, the bucket and the key only, on the thread serving the request, so {@link S3RequestCapture} keeps
 * this beside it for {@link S3KeyLocator}.
 *
 * @param query       the query's parameters (names as sent; an empty value for a bare sub-resource)
 * @param copySource  the bucket and key of {@code x-amz-copy-source} (CopyObject, UploadPartCopy), if any
 * @param region      the region of the signature's credential scope, if the request is signed with SigV4
 */
record S3Request(
        String method,
        String bucket,
        String key,
        Map<String, String> query,
        Optional<String> sessionToken,
        Optional<String[]> copySource,
        String sourceIp,
        String userAgent,
        String region) {

    private static final ThreadLocal<S3Request> CURRENT = new ThreadLocal<>();

    /** The request this thread serves, if {@link S3RequestCapture} saw it. */
    static Optional<S3Request> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** {@code request} is this thread's until {@link #leave()}. */
    static void enter(S3Request request) {
        CURRENT.set(request);
    }

    static void leave() {
        CURRENT.remove();
    }

    boolean has(String subresource) {
        return query.containsKey(subresource);
    }

    /**
     * The request as S3Proxy will read it: the path's first segment is the bucket and the rest the key, each
     * URL-decoded (path-style addressing, as the embedded store serves).
     */
    static S3Request of(
            String method,
            String rawPath,
            String rawQuery,
            String securityTokenHeader,
            String authorization,
            String copySourceHeader,
            String sourceIp,
            String userAgent) {
        String[] path = (rawPath == null ? "/" : rawPath).split("/", 3);
        String bucket = path.length > 1 ? decode(path[1]) : "";
        String key = path.length > 2 ? decode(path[2]) : "";
        Map<String, String> query = parseQuery(rawQuery);
        String token = securityTokenHeader != null ? securityTokenHeader : query.get("X-Amz-Security-Token");
        String credential = query.get("X-Amz-Credential");
        if (credential == null && authorization != null && authorization.contains("Credential=")) {
            credential = authorization.substring(authorization.indexOf("Credential=") + "Credential=".length());
        }
        return new S3Request(
                method.toUpperCase(Locale.ROOT),
                bucket,
                key,
                query,
                Optional.ofNullable(token).filter(t -> !t.isEmpty()),
                Optional.ofNullable(copySourceHeader).map(S3Request::copySource),
                sourceIp,
                userAgent,
                regionOf(credential));
    }

    /** {@code bucket/key} or {@code /bucket/key}, URL-encoded, with an optional {@code ?versionId=}. */
    private static String[] copySource(String header) {
        String source = decode(header.split("\\?", 2)[0]);
        source = source.startsWith("/") ? source.substring(1) : source;
        String[] parts = source.split("/", 2);
        return new String[] {parts[0], parts.length > 1 ? parts[1] : ""};
    }

    /** {@code AKID/20260101/us-east-1/s3/aws4_request}, up to the first comma of an Authorization header. */
    private static String regionOf(String credential) {
        if (credential == null) {
            return null;
        }
        String[] scope = credential.split(",", 2)[0].trim().split("/");
        return scope.length >= 5 ? scope[scope.length - 3] : null;
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> query = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            query.putIfAbsent(name, equals < 0 ? "" : decode(pair.substring(equals + 1)));
        }
        return query;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            // S3Proxy answers a malformed escape itself; this only has to not fail first.
            return text;
        }
    }
}

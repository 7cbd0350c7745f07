package io.millrace.launcher.s3;

import java.lang.reflect.Field;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.shaded.org.eclipse.jetty.http.HttpFields;
import org.gaul.shaded.org.eclipse.jetty.server.Handler;
import org.gaul.shaded.org.eclipse.jetty.server.Request;
import org.gaul.shaded.org.eclipse.jetty.server.Response;
import org.gaul.shaded.org.eclipse.jetty.server.Server;
import org.gaul.shaded.org.eclipse.jetty.util.Callback;

/**
 * The first handler of the store's Jetty server: keeps what {@link S3KeyLocator} needs of each request as its
 * {@link S3Request#current()} while S3Proxy serves it. S3Proxy's servlet runs on the thread that calls it (Jetty's
 * servlet channel dispatches synchronously), so the locator it calls finds the request on its own thread.
 *
 * <p>S3Proxy 4.1.0 builds its server itself and offers no hook before its handler; the server is its private field
 * {@code server}, whose handler this wraps before the server starts.
 */
final class S3RequestCapture extends Handler.Wrapper {

    private S3RequestCapture(Handler next) {
        super(next);
    }

    /** Puts a capture in front of {@code proxy}'s handler; call before {@link S3Proxy#start()}. */
    static void install(S3Proxy proxy) {
        try {
            Field field = S3Proxy.class.getDeclaredField("server");
            field.setAccessible(true);
            Server server = (Server) field.get(proxy);
            server.setHandler(new S3RequestCapture(server.getHandler()));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this S3Proxy version has no server field to wrap", e);
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        HttpFields headers = request.getHeaders();
        S3Request captured = S3Request.of(
                request.getMethod(),
                request.getHttpURI().getPath(),
                request.getHttpURI().getQuery(),
                headers.get("x-amz-security-token"),
                headers.get("authorization"),
                headers.get("x-amz-copy-source"),
                Request.getRemoteAddr(request),
                headers.get("user-agent"));
        S3Request.enter(captured);
        try {
            return super.handle(request, response, callback);
        } finally {
            S3Request.leave();
        }
    }
}

package io.millrace.gateway.http;

import io.millrace.gateway.route.HttpRoute;
import io.millrace.gateway.route.RouteRequest;
import io.millrace.gateway.route.RouteResponse;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hosted services' plain HTTP routes (a web console), served before the AWS protocols: a request whose path a
 * route owns gets that route's answer as it gives it, a failure of the route's own a bare 500.
 */
final class RouteDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(RouteDispatcher.class);

    private final List<HttpRoute> routes;
    private final String defaultRegion;

    RouteDispatcher(List<HttpRoute> routes, String defaultRegion) {
        this.routes = List.copyOf(routes);
        this.defaultRegion = defaultRegion;
    }

    /** Serves {@code request} when a route owns its path; false, having done nothing, when none does. */
    boolean serve(ChannelHandlerContext ctx, long seq, FullHttpRequest request, boolean keepAlive) {
        HttpRoute route = routeOf(request.uri());
        if (route == null) {
            return false;
        }
        serve(ctx, seq, request, route, keepAlive);
        return true;
    }

    private HttpRoute routeOf(String uri) {
        if (routes.isEmpty()) {
            return null;
        }
        int question = uri.indexOf('?');
        String path = question < 0 ? uri : uri.substring(0, question);
        for (HttpRoute route : routes) {
            if (route.owns(path)) {
                return route;
            }
        }
        return null;
    }

    private void serve(
            ChannelHandlerContext ctx, long seq, FullHttpRequest request, HttpRoute route, boolean keepAlive) {
        String uri = request.uri();
        int question = uri.indexOf('?');
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : request.headers()) {
            headers.putIfAbsent(header.getKey().toLowerCase(Locale.ROOT), header.getValue());
        }
        RouteRequest routed = new RouteRequest(
                request.method().name(),
                question < 0 ? uri : uri.substring(0, question),
                question < 0 ? "" : uri.substring(question + 1),
                headers,
                ByteBufUtil.getBytes(request.content()),
                ClientConnection.requestContext(ctx.channel(), request, Instant.now(), defaultRegion));
        CompletionStage<RouteResponse> answer;
        try {
            answer = route.handle(routed);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((response, error) -> {
            if (error != null) {
                LOG.error("Route {} failed on {} {}", route.prefix(), routed.method(), routed.path(), error);
                response = RouteResponse.of(500, "text/plain; charset=utf-8", "Internal failure\n");
            }
            FullHttpResponse full = new DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(response.status()),
                    Unpooled.wrappedBuffer(response.body()));
            full.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
            full.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.body().length);
            response.headers().forEach((name, value) -> full.headers().add(name, value));
            ResponseHeaders.identify(full.headers());
            full.headers()
                    .set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
            GatewayRequestHandler.complete(ctx, seq, full, keepAlive);
        });
    }
}

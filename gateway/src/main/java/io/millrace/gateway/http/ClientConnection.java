package io.millrace.gateway.http;

import io.millrace.gateway.access.RequestContext;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Instant;

/**
 * The client's connection behind a request's channel: over HTTP/2 each request has a stream channel of its own, whose
 * parent holds the socket and the TLS session the policies' conditions and the audit trail ask about.
 */
final class ClientConnection {

    private ClientConnection() {}

    /** The channel of the socket: the parent of an HTTP/2 stream, else the channel itself. */
    static Channel of(Channel channel) {
        return channel instanceof Http2StreamChannel stream ? stream.parent() : channel;
    }

    /** The client's address ({@code aws:SourceIp}, the trail's sourceIPAddress), null when not an IP socket. */
    static String sourceIp(Channel connection) {
        SocketAddress remote = connection.remoteAddress();
        return remote instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress()
                : null;
    }

    /** The TLS of the connection, null over plain HTTP. */
    static SslHandler tls(Channel connection) {
        return connection.pipeline().get(SslHandler.class);
    }

    /** What the policies' conditions see of a request received on {@code channel}. */
    static RequestContext requestContext(Channel channel, FullHttpRequest request, Instant receivedAt, String region) {
        Channel connection = of(channel);
        return new RequestContext(
                sourceIp(connection),
                tls(connection) != null,
                receivedAt,
                request.headers().get(HttpHeaderNames.USER_AGENT),
                region);
    }
}

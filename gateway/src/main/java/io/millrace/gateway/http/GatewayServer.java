package io.millrace.gateway.http;

import io.millrace.gateway.access.Authorizer;
import io.millrace.gateway.audit.AuditTrail;
import io.millrace.gateway.metrics.RequestMetrics;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.protocol.AwsService;
import io.millrace.gateway.protocol.WireCodec;
import io.millrace.gateway.protocol.WireFormat;
import io.millrace.gateway.protocol.auth.SigV4Verifier;
import io.millrace.gateway.route.HttpRoute;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The listeners every AWS JSON API of the gateway shares: plain HTTP (HTTP/1.1, and HTTP/2 with prior knowledge) and
 * HTTPS (HTTP/2 or HTTP/1.1 as ALPN decides), each optional, both with the same handlers.
 */
public final class GatewayServer implements AutoCloseable {

    /**
     * Largest request body read: a 10 MiB record is about 14 MiB in base64, plus its envelope. Larger bodies get a
     * 413 in AWS's error shape before they are read.
     */
    public static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    private static final int IDLE_SECONDS = 300;
    /** Streams one HTTP/2 connection may have open: a KCL worker subscribes to every shard it leases on one. */
    private static final int MAX_CONCURRENT_STREAMS = 1000;

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private Channel channel;
    private Channel tlsChannel;

    /**
     * @param port the plain HTTP port, or {@code -1} for none
     * @param tls  the HTTPS port and the TLS context of each new connection, or null for none
     */
    public GatewayServer(
            String bindAddress,
            int port,
            TlsListener tls,
            int ioThreads,
            List<AwsService> services,
            SigV4Verifier verifier,
            Authorizer authorizer,
            WireCodec codec,
            String defaultRegion,
            String accountId,
            Supplier<String> metrics,
            RequestMetrics requests,
            List<HttpRoute> routes,
            AuditTrail audit)
            throws InterruptedException {
        // Daemon threads: the process that embeds the gateway decides when it ends, not the event loops.
        this.boss = new MultiThreadIoEventLoopGroup(
                1, new DefaultThreadFactory("millrace-http-accept", true), NioIoHandler.newFactory());
        this.workers = new MultiThreadIoEventLoopGroup(
                ioThreads, new DefaultThreadFactory("millrace-http", true), NioIoHandler.newFactory());
        GatewayRequestHandler handler = new GatewayRequestHandler(
                services, verifier, authorizer, codec, defaultRegion, accountId, metrics, requests, routes, audit);
        try {
            if (port >= 0) {
                this.channel = bind(bindAddress, port, new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(idleTimeout());
                        http1OrPriorKnowledge(ch.pipeline(), handler);
                    }
                });
            }
            if (tls != null) {
                this.tlsChannel = bind(bindAddress, tls.port(), new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        // The context of the moment: a reloaded certificate serves connections opened after it.
                        ch.pipeline()
                                .addLast(idleTimeout())
                                .addLast(tls.context().get().newHandler(ch.alloc()))
                                .addLast(new AlpnProtocolHandler(
                                        pipeline -> pipeline.addLast(http2(handler)),
                                        pipeline -> http1OrPriorKnowledge(pipeline, handler)));
                    }
                });
            }
        } catch (RuntimeException | InterruptedException e) {
            close();
            throw e;
        }
    }

    private Channel bind(String bindAddress, int port, ChannelInitializer<SocketChannel> initializer)
            throws InterruptedException {
        try {
            return new ServerBootstrap()
                    .group(boss, workers)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(initializer)
                    .bind(new InetSocketAddress(bindAddress, port))
                    .sync()
                    .channel();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            // Netty rethrows the BindException unchecked: wrapped here with the port it was about.
            throw new ListenerException(bindAddress, port, e);
        }
    }

    /**
     * HTTP/1.1, or HTTP/2 when the connection opens with its preface (prior knowledge): the SDK's async client does
     * that over plain http, and over https too unless told to use ALPN (its default protocol negotiation is
     * ASSUME_PROTOCOL). The same handlers serve both.
     */
    private static void http1OrPriorKnowledge(ChannelPipeline pipeline, GatewayRequestHandler handler) {
        HttpServerCodec http1 = new HttpServerCodec(8192, 64 * 1024, 64 * 1024);
        pipeline.addLast(new CleartextHttp2ServerUpgradeHandler(
                http1, new HttpServerUpgradeHandler(http1, protocol -> null, MAX_BODY_BYTES), http2(handler)));
        pipeline.addLast(new BoundedAggregator(handler)).addLast(handler);
    }

    private static IdleStateHandler idleTimeout() {
        return new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS) {
            @Override
            protected void channelIdle(ChannelHandlerContext ctx, io.netty.handler.timeout.IdleStateEvent evt) {
                ctx.close();
            }
        };
    }

    /**
     * HTTP/2: each stream gets a child channel that turns its frames into the HTTP/1 objects the handler reads,
     * with the same body cap, signature check and error shapes; its response (or event stream) ends the stream.
     */
    private static ChannelHandler http2(GatewayRequestHandler handler) {
        return new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline()
                        .addLast(Http2FrameCodecBuilder.forServer()
                                .initialSettings(
                                        Http2Settings.defaultSettings().maxConcurrentStreams(MAX_CONCURRENT_STREAMS))
                                .build())
                        .addLast(new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
                            @Override
                            protected void initChannel(Http2StreamChannel stream) {
                                stream.pipeline()
                                        .addLast(new Http2StreamFrameToHttpObjectCodec(true))
                                        .addLast(new BoundedAggregator(handler))
                                        .addLast(handler);
                            }
                        }));
            }
        };
    }

    /** The plain HTTP port, or -1 when there is none. */
    public int port() {
        return channel == null ? -1 : ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** The HTTPS port, or -1 when there is none. */
    public int tlsPort() {
        return tlsChannel == null ? -1 : ((InetSocketAddress) tlsChannel.localAddress()).getPort();
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        if (tlsChannel != null) {
            tlsChannel.close().syncUninterruptibly();
        }
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Aggregates bodies up to the cap; past it, answers 413 in AWS's error shape instead of Netty's bare one. */
    private static final class BoundedAggregator extends HttpObjectAggregator {
        private final GatewayRequestHandler handler;

        BoundedAggregator(GatewayRequestHandler handler) {
            super(MAX_BODY_BYTES, true);
            this.handler = handler;
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            String contentType = oversized.headers().get(HttpHeaderNames.CONTENT_TYPE);
            long length = HttpUtil.getContentLength(oversized, -1L);
            ApiException error = new ApiException(
                    "ValidationException",
                    413,
                    "Request body" + (length >= 0 ? " of " + length + " bytes" : "") + " exceeds the maximum of "
                            + MAX_BODY_BYTES + " bytes.");
            if (oversized instanceof HttpRequest request
                    && QueryRequestHandler.accepts(request.method(), contentType, request.uri())) {
                handler.sendQueryError(ctx, error);
            } else {
                handler.sendError(ctx, WireFormat.fromContentType(contentType), error, false);
            }
        }
    }
}

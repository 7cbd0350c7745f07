package io.millrace.gateway.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.NotSslRecordException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After the TLS handshake, the pipeline ALPN chose: HTTP/2 for a client that asked for h2, else the plain port's
 * pipeline, which serves HTTP/1.1 and HTTP/2 with prior knowledge: clients that offer no ALPN (the AWS CLI, boto3,
 * the KPL) speak HTTP/1.1, and the SDK's async client by default sends the HTTP/2 preface without asking. Either
 * way the request handlers are the plain port's own.
 */
final class AlpnProtocolHandler extends ApplicationProtocolNegotiationHandler {

    private static final Logger LOG = LoggerFactory.getLogger(AlpnProtocolHandler.class);

    private final Consumer<ChannelPipeline> http2;
    private final Consumer<ChannelPipeline> http1OrPriorKnowledge;

    AlpnProtocolHandler(Consumer<ChannelPipeline> http2, Consumer<ChannelPipeline> http1OrPriorKnowledge) {
        // No protocol negotiated counts as http/1.1, which the fallback pipeline serves with prior knowledge too.
        super(ApplicationProtocolNames.HTTP_1_1);
        this.http2 = http2;
        this.http1OrPriorKnowledge = http1OrPriorKnowledge;
    }

    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
        if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
            http2.accept(ctx.pipeline());
        } else if (ApplicationProtocolNames.HTTP_1_1.equals(protocol)) {
            http1OrPriorKnowledge.accept(ctx.pipeline());
        } else {
            LOG.info("TLS connection from {} asked for protocol {}, which is not served", remote(ctx), protocol);
            ctx.close();
        }
    }

    /**
     * A client that does not trust the certificate, speaks plain HTTP to the TLS port or goes away mid-handshake is
     * the client's concern: one line, no stack trace (Netty's default logs a warning with one).
     */
    @Override
    protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
        LOG.info("TLS handshake with {} failed: {}", remote(ctx), describe(cause));
        ctx.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("TLS connection {} failed before a protocol was chosen: {}", remote(ctx), describe(cause));
        ctx.close();
    }

    private static Object remote(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress();
    }

    private static String describe(Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof NotSslRecordException) {
            return "not a TLS record (plain HTTP to the HTTPS port?)";
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}

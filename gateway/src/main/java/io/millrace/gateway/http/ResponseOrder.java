package io.millrace.gateway.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.util.HashMap;
import java.util.Map;

/**
 * Keeps responses in request order on one connection. Requests are answered asynchronously, so with HTTP/1.1
 * pipelining a fast answer could overtake a slow one; RFC 9112 requires them in the order of the requests. Used
 * only from the connection's event loop, so it needs no locking.
 */
final class ResponseOrder {

    private static final AttributeKey<ResponseOrder> KEY = AttributeKey.valueOf("millrace.responseOrder");

    /** A response to write; {@code then}, when set, starts an event-stream body right after its headers. */
    private record Pending(HttpResponse response, boolean close, Runnable then) {}

    private final Map<Long, Pending> waiting = new HashMap<>();
    private long nextRequest;
    private long nextResponse;
    private boolean closed;

    static ResponseOrder of(ChannelHandlerContext ctx) {
        ResponseOrder order = ctx.channel().attr(KEY).get();
        if (order == null) {
            order = new ResponseOrder();
            ctx.channel().attr(KEY).set(order);
        }
        return order;
    }

    /** The position of a request just read. */
    long next() {
        return nextRequest++;
    }

    /** Writes the response of request {@code sequence} once every earlier one is written. */
    void complete(ChannelHandlerContext ctx, long sequence, FullHttpResponse response, boolean close) {
        complete(ctx, sequence, response, close, null);
    }

    /**
     * Writes the headers of an event-stream response in turn, then runs {@code startBody}. Nothing can follow an
     * open-ended body on the connection, so later responses are dropped (an HTTP/2 stream carries one request).
     */
    void completeStreaming(ChannelHandlerContext ctx, long sequence, HttpResponse head, Runnable startBody) {
        complete(ctx, sequence, head, false, startBody);
    }

    /** The connection is gone: frees the answers still waiting and drops any that completes later. */
    void discard() {
        closed = true;
        waiting.values().forEach(p -> ReferenceCountUtil.release(p.response()));
        waiting.clear();
    }

    private void complete(
            ChannelHandlerContext ctx, long sequence, HttpResponse response, boolean close, Runnable then) {
        if (closed) {
            ReferenceCountUtil.release(response);
            return;
        }
        waiting.put(sequence, new Pending(response, close, then));
        Pending ready;
        while ((ready = waiting.remove(nextResponse)) != null) {
            nextResponse++;
            if (ready.close() || ready.then() != null) {
                closed = true;
                if (ready.then() != null) {
                    ctx.writeAndFlush(ready.response());
                    ready.then().run();
                } else {
                    ctx.writeAndFlush(ready.response()).addListener(ChannelFutureListener.CLOSE);
                }
                waiting.values().forEach(p -> ReferenceCountUtil.release(p.response()));
                waiting.clear();
                return;
            }
            ctx.writeAndFlush(ready.response());
        }
    }
}

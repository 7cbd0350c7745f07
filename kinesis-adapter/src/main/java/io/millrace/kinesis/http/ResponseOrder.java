package io.millrace.kinesis.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.util.AttributeKey;
import java.util.HashMap;
import java.util.Map;

/**
 * Keeps responses in request order on one connection. Requests are answered asynchronously, so with HTTP/1.1
 * pipelining a fast answer could overtake a slow one; RFC 9112 requires them in the order of the requests. Used
 * only from the connection's event loop, so it needs no locking.
 */
final class ResponseOrder {

    private static final AttributeKey<ResponseOrder> KEY = AttributeKey.valueOf("millrace.responseOrder");

    private record Pending(FullHttpResponse response, boolean close) {
    }

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
        if (closed) {
            response.release();
            return;
        }
        waiting.put(sequence, new Pending(response, close));
        Pending ready;
        while ((ready = waiting.remove(nextResponse)) != null) {
            nextResponse++;
            if (ready.close()) {
                closed = true;
                ctx.writeAndFlush(ready.response()).addListener(ChannelFutureListener.CLOSE);
                waiting.values().forEach(p -> p.response().release());
                waiting.clear();
                return;
            }
            ctx.writeAndFlush(ready.response());
        }
    }
}

package io.millrace.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.protocol.WireCodec;
import io.millrace.gateway.protocol.WireFormat;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An event-stream body written to one channel: an HTTP/2 stream (the end of the stream ends the body) or an
 * HTTP/1.1 connection (chunked, closed at the end, since nothing can follow an open-ended body there).
 */
final class ChannelEventSink implements EventSink {

    private static final long WRITABILITY_POLL_MILLIS = 5;

    private final Channel channel;
    private final WireCodec codec;
    private final WireFormat format;
    private final boolean closeWhenEnded;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicBoolean closeActionsRun = new AtomicBoolean();
    private final List<Runnable> closeActions = new CopyOnWriteArrayList<>();

    ChannelEventSink(Channel channel, WireCodec codec, WireFormat format, boolean closeWhenEnded) {
        this.channel = channel;
        this.codec = codec;
        this.format = format;
        this.closeWhenEnded = closeWhenEnded;
        channel.closeFuture().addListener(future -> runCloseActions());
    }

    @Override
    public void event(String eventType, JsonNode payload) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(":event-type", eventType);
        headers.put(":content-type", format.contentType());
        headers.put(":message-type", "event");
        write(headers, codec.write(format, payload));
    }

    @Override
    public void fail(ApiException error) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(":exception-type", error.type());
        headers.put(":content-type", format.contentType());
        headers.put(":message-type", "exception");
        ObjectNode body = WireCodec.object();
        body.put("message", error.getMessage());
        write(headers, codec.write(format, body));
        end();
    }

    private void write(Map<String, String> headers, byte[] payload) {
        if (!isOpen()) {
            return;
        }
        channel.writeAndFlush(
                new DefaultHttpContent(Unpooled.wrappedBuffer(EventStreamFrames.encode(headers, payload))));
    }

    @Override
    public void end() {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        if (channel.isActive()) {
            var written = channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            if (closeWhenEnded) {
                written.addListener(ChannelFutureListener.CLOSE);
            }
        }
        runCloseActions();
    }

    @Override
    public boolean isOpen() {
        return !ended.get() && channel.isActive();
    }

    @Override
    public boolean awaitWritable(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        // Unwritable only while a slow client's window is shut: a short poll then costs nothing that matters.
        while (isOpen() && !channel.isWritable()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(WRITABILITY_POLL_MILLIS);
        }
        return isOpen();
    }

    @Override
    public void onClose(Runnable action) {
        closeActions.add(action);
        if (closeActionsRun.get() && closeActions.remove(action)) {
            action.run();
        }
    }

    private void runCloseActions() {
        closeActionsRun.set(true);
        for (Runnable action : closeActions) {
            if (closeActions.remove(action)) {
                action.run();
            }
        }
    }
}
